// `site serve` in a real browser: an edit is swapped into the open page
// without a reload, a broken edit shows the error overlay over the last
// good page, and fixing it clears the overlay.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launch } from "./browser.mjs";

const SITE_BIN = process.env.KEYDOCTOR_SITE_BIN;
let browser;
let server;
let root;
let origin;

before(async () => {
  assert.ok(SITE_BIN, "KEYDOCTOR_SITE_BIN is not set");
  root = mkdtempSync(join(tmpdir(), "keydoctor-live-"));
  cpSync(new URL("../fixtures/valid", import.meta.url), root, { recursive: true });
  server = spawn(SITE_BIN, ["serve", "--port", "0"], { cwd: root, stdio: ["ignore", "ignore", "pipe"] });
  origin = await new Promise((resolve, reject) => {
    let seen = "";
    server.stderr.on("data", (chunk) => {
      seen += chunk;
      const match = seen.match(/Serving .* at (http:\/\/127\.0\.0\.1:\d+)\//);
      if (match) resolve(match[1]);
    });
    server.on("exit", (code) => reject(new Error(`site serve exited (${code}): ${seen}`)));
    setTimeout(() => reject(new Error(`site serve did not start: ${seen}`)), 20_000);
  });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.kill();
  if (root) rmSync(root, { recursive: true, force: true });
});

test("edits appear in place, errors show an overlay, fixes clear it", { timeout: 60_000 }, async () => {
  const page = await browser.newPage();
  await page.goto(`${origin}/fixture/guide/setup/`);
  // Wait until the page follows the build status.
  await page.waitForSelector("html[data-live-reload=connected]");
  await page.evaluate(() => { window.__sameDocument = true; });

  writeFileSync(join(root, "content/guide/setup.md"), "+++\ntitle = \"Setup, edited\"\n+++\n\n# Setup, edited\n\n## Install it\n\nNew words.\n");
  await page.waitForFunction(() => document.querySelector("main h1")?.textContent.includes("Setup, edited"), null, { timeout: 15_000 });
  assert.equal(await page.evaluate(() => window.__sameDocument), true, "the page was reloaded instead of updated in place");
  assert.match(await page.title(), /^Setup, edited/);
  assert.ok((await page.locator(".sidebar").textContent()).includes("Setup, edited"), "the sidebar was not updated");

  writeFileSync(join(root, "content/guide/setup.md"), "# Broken\n\n[nowhere](gone.md)\n");
  const overlay = page.locator("#site-live-overlay");
  await overlay.waitFor({ timeout: 15_000 });
  assert.match(await overlay.textContent(), /content\/guide\/setup\.md:3: broken link 'gone\.md'/);
  assert.equal(await overlay.getAttribute("role"), "alert");
  assert.ok((await page.locator("main h1").textContent()).includes("Setup, edited"), "the last good page was replaced");

  writeFileSync(join(root, "content/guide/setup.md"), "# Setup again\n\n## Install it\n");
  await page.waitForFunction(() => !document.getElementById("site-live-overlay") && document.querySelector("main h1")?.textContent.includes("Setup again"), null, { timeout: 15_000 });
  assert.equal(await page.evaluate(() => window.__sameDocument), true);
  await page.close();
});
