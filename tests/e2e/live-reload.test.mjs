// `site serve` in a real browser: an edit is swapped into the open page
// without a reload, a broken edit shows the error overlay over the last
// good page, and fixing it clears the overlay.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { launch } from "./browser.mjs";
import { serveFixture } from "./fixture-site.mjs";

let browser;
let served;
let root;
let origin;

before(async () => {
  served = await serveFixture("valid");
  ({ root, origin } = served);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  served?.stop();
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
