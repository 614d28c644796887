// Accessibility of every built page, light and dark, by an independent tool:
// axe-core (WCAG 2.x A/AA rules and best practices) run inside Chromium.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { SITE, WWW, sitePages, API, DEAD_API, CHECKER_PAGE, KEY_NO_CONVAI, AGENT_OK, launch, openPage, waitReady, fillAndCheck, verdict } from "./browser.mjs";
import { VERDICT_CASES } from "./verdict-cases.mjs";

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function audit(url, colorScheme, prepare = async () => {}) {
  const { page, context } = await openPage(browser, url, { colorScheme });
  try {
    if (await page.locator("#checker").count()) await waitReady(page);
    await prepare(page);
    // evaluate() is not subject to the page's CSP, so axe can run.
    await page.evaluate(axeSource);
    const result = await page.evaluate(() => window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
    }));
    return result;
  } finally {
    await context.close();
  }
}

const urls = sitePages();
assert.ok(urls.length >= 8, `only ${urls.length} pages found in ${WWW}`);

for (const colorScheme of ["light", "dark"]) {
  for (const url of urls) {
    test(`axe: no violations on ${new URL(url).pathname} (${colorScheme})`, async () => {
      const result = await audit(url, colorScheme);
      const violations = result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
      assert.deepEqual(violations, []);
      assert.ok(result.passes.length > 10, "axe checked almost nothing");
    });
  }
}

test("axe: the 404 page has no violations", async () => {
  const notFound = await audit(SITE + "no-such-page/", "light");
  assert.deepEqual(notFound.violations.map((v) => v.id), []);
});

for (const colorScheme of ["light", "dark"]) {
  test(`axe: a verdict card with notes has no violations (${colorScheme})`, async () => {
    const result = await audit(CHECKER_PAGE, colorScheme, async (page) => {
      await fillAndCheck(page, { key: `"${KEY_NO_CONVAI}"`, agent: AGENT_OK });
      const card = await verdict(page);
      assert.equal(card.tone, "problem");
      assert.equal(card.notes.length, 1);
    });
    assert.deepEqual(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`), []);
  });
}

// Every verdict card (and the permission report, and a field marked
// invalid), light and dark, audited in one page per scheme: one check after
// another, axe on the checker's section after each.
for (const colorScheme of ["light", "dark"]) {
  test(`axe: every verdict card and the report have no violations (${colorScheme})`, { timeout: 240_000 }, async () => {
    const { page, context } = await openPage(browser, CHECKER_PAGE, { colorScheme });
    try {
      await waitReady(page);
      await page.evaluate(axeSource);
      const seen = [];
      for (const [name, input, report] of VERDICT_CASES) {
        await fillAndCheck(page, { ...input, host: input.host === "dead" ? DEAD_API : API });
        const card = await verdict(page);
        if (card.state === "done") {
          const expected = { followed: "works", "notes-cleaned": "works" }[name] ?? name;
          assert.equal(card.verdict, expected, `${name}: wrong card`);
        }
        if (report) {
          await page.click("#checker-report-start");
          await page.waitForSelector("#checker[data-report=done]");
          await page.locator("#checker-report-body details").first().evaluate((d) => { d.open = true; });
        }
        const result = await page.evaluate(() => window.axe.run(document.getElementById("checker"), {
          runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
        }));
        const violations = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
        assert.deepEqual(violations, [], `${name} (${colorScheme})`);
        seen.push(card.verdict);
      }
      // Every verdict id the widget declares was audited.
      const declared = await page.evaluate(() => [...document.querySelectorAll("template[data-verdict]")].map((t) => t.dataset.verdict));
      for (const id of declared) assert.ok(seen.includes(id), `${id} was not audited`);
    } finally {
      await context.close();
    }
  });
}
