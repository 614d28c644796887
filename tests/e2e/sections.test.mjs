// The generator's sections in a real browser, on the `sections` fixture
// (three levels deep): axe finds nothing on the grouped sidebar, the
// breadcrumbs and a section page, light and dark; and a closed section
// opens and closes from the keyboard.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { launch } from "./browser.mjs";
import { serveFixture } from "./fixture-site.mjs";

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const PAGES = ["", "guide/", "guide/advanced/internals/memory/", "reference/api/"];
let browser;
let served;

before(async () => {
  served = await serveFixture("sections");
  browser = await launch();
});

after(async () => {
  await browser?.close();
  served?.stop();
});

for (const colorScheme of ["light", "dark"]) {
  for (const path of PAGES) {
    test(`axe: no violations on the sections fixture /${path} (${colorScheme})`, async () => {
      const page = await browser.newPage({ colorScheme });
      try {
        await page.goto(`${served.origin}/fixture/${path}`);
        await page.evaluate(axeSource);
        const result = await page.evaluate(() => window.axe.run(document, {
          runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
        }));
        const violations = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
        assert.deepEqual(violations, []);
      } finally {
        await page.close();
      }
    });
  }
}

test("a closed section opens and closes from the keyboard", async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  try {
    await page.goto(`${served.origin}/fixture/install/`);
    const reference = page.locator(".sidebar details", { has: page.locator("summary", { hasText: "Reference" }) });
    assert.equal(await reference.evaluate((d) => d.open), false);
    assert.equal(await page.locator(".sidebar a[href$='/reference/api/']").isVisible(), false);
    await page.locator(".sidebar summary", { hasText: "Reference" }).focus();
    await page.keyboard.press("Enter");
    assert.equal(await reference.evaluate((d) => d.open), true);
    assert.equal(await page.locator(".sidebar a[href$='/reference/api/']").isVisible(), true);
    await page.keyboard.press("Space");
    assert.equal(await reference.evaluate((d) => d.open), false);
  } finally {
    await page.close();
  }
});
