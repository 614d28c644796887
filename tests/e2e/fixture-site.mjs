// `site serve` on a copy of a fixture site (tests/fixtures/<name>), on a
// free port: for browser tests of the generator itself.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const SITE_BIN = process.env.KEYDOCTOR_SITE_BIN;

/// Starts `site serve` on a fresh copy of fixture `name`; resolves to
/// `{ root, origin, stop }` once it serves.
export async function serveFixture(name) {
  assert.ok(SITE_BIN, "KEYDOCTOR_SITE_BIN is not set");
  const root = mkdtempSync(join(tmpdir(), `keydoctor-${name}-`));
  cpSync(new URL(`../fixtures/${name}`, import.meta.url), root, { recursive: true });
  const server = spawn(SITE_BIN, ["serve", "--port", "0"], { cwd: root, stdio: ["ignore", "ignore", "pipe"] });
  const origin = await new Promise((resolve, reject) => {
    let seen = "";
    server.stderr.on("data", (chunk) => {
      seen += chunk;
      const match = seen.match(/Serving .* at (http:\/\/127\.0\.0\.1:\d+)\//);
      if (match) resolve(match[1]);
    });
    server.on("exit", (code) => reject(new Error(`site serve exited (${code}): ${seen}`)));
    setTimeout(() => reject(new Error(`site serve did not start: ${seen}`)), 20_000);
  });
  const stop = () => {
    server.kill();
    rmSync(root, { recursive: true, force: true });
  };
  return { root, origin, stop };
}
