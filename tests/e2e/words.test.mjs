// Codes never break mid-word, anywhere on the site: a word of inline code
// (`convai_write`, `xi-api-key`, `-i`, a request id) that fits on a line is
// never split across two, at 390 and 1280 px — on every page (tables,
// headings, lists), in every verdict card and in the permission report; and
// on a phone the report shows each permission's result beside or under its
// name, not cut off to the right.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { sitePages, API, DEAD_API, CHECKER_PAGE, launch, waitReady, fillAndCheck } from "./browser.mjs";
import { VERDICT_CASES } from "./verdict-cases.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/**
 * The words of inline code (and of the report's lists of names) under
 * `root` that are split over two lines. Runs in the page. A word is a run
 * of letters, digits and `_` (a break after the hyphen of `python-dotenv`
 * or a path's slash is allowed, as in print), inside a space-free stretch
 * that fits on a line (a longer one has to break somewhere). `strict`, for
 * the checker's own short codes, counts the whole space-free stretch
 * (`xi-api-key`, `-i`, a request id) as one word; what the API or a page
 * said, a URL and a typed agent id stay by the loose rule. `short`, for
 * content pages, holds any code of fewer characters whole (`xi-api-key`
 * must not split at its hyphens); longer ones may break at `-` and `/`.
 */
function brokenWords({ strict, root, short = 0 }) {
  const prose = '[data-slot="api_said"], [data-slot="answer_said"], [data-slot="followed"], [data-slot="signed_url"], [data-slot="agent"]';
  const lines = (node, start, end) => {
    const range = document.createRange();
    range.setStart(node, start);
    range.setEnd(node, end);
    const rects = [...range.getClientRects()].filter((r) => r.width > 0);
    return { count: new Set(rects.map((r) => Math.round(r.top))).size, width: rects.reduce((sum, r) => sum + r.width, 0) };
  };
  const broken = [];
  for (const element of document.querySelector(root).querySelectorAll(":not(pre) > code, .report-names")) {
    if (!element.getClientRects().length) continue;
    // On content pages a short code (fewer than `short` characters:
    // `xi-api-key`, `convai_write`) is one word, hyphens and slashes and all.
    const whole = (strict && !element.matches(prose)) || element.textContent.trim().length < short;
    const box = element.parentElement.closest("p, li, td, th, h1, h2, h3, h4, dt, dd, summary, div");
    const limit = box ? box.clientWidth : innerWidth;
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const token of node.data.matchAll(/\S+/g)) {
        const seen = lines(node, token.index, token.index + token[0].length);
        if (seen.count < 2 || seen.width >= limit) continue;
        if (whole) {
          broken.push(token[0]);
          continue;
        }
        for (const word of token[0].matchAll(/\w+/g)) {
          const start = token.index + word.index;
          if (lines(node, start, start + word[0].length).count > 1) broken.push(word[0]);
        }
      }
    }
  }
  return broken;
}

async function at(width, url = CHECKER_PAGE) {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  await page.goto(url);
  return { page, context };
}

for (const width of [390, 1280]) {
  test(`no code word is broken on any page, no short code at all (${width} px)`, async () => {
    const found = {};
    for (const url of sitePages()) {
      const { page, context } = await at(width, url);
      try {
        const broken = await page.evaluate(brokenWords, { strict: false, root: "body", short: 28 });
        if (broken.length) found[new URL(url).pathname] = broken;
      } finally {
        await context.close();
      }
    }
    assert.deepEqual(found, {});
  });

  test(`no code word is broken in any verdict card or the report (${width} px)`, { timeout: 240_000 }, async () => {
    const { page, context } = await at(width);
    try {
      await waitReady(page);
      const found = {};
      for (const [name, input, report] of VERDICT_CASES) {
        if (name === "timeout") continue; // 15 s of waiting; its words are the blocked card's
        await fillAndCheck(page, { key: input.key, agent: input.agent, host: input.host === "dead" ? DEAD_API : API });
        await page.waitForSelector("#checker[data-state=done], #checker[data-state=blocked]", { timeout: 45_000 });
        if (report) {
          await page.click("#checker-report-start");
          await page.waitForSelector("#checker[data-report=done]", { timeout: 45_000 });
          await page.locator("#checker-report-body details").evaluateAll((all) => all.forEach((d) => { d.open = true; }));
          // Every result is on screen beside or under its permission, not
          // hidden in a table scrolled off to the right.
          const hidden = await page.evaluate(() => {
            const card = document.getElementById("checker-verdict").getBoundingClientRect();
            return [...document.querySelectorAll("#checker-report-body [data-grant]")]
              .filter((grant) => grant.getClientRects().length)
              .filter((grant) => grant.getBoundingClientRect().right > card.right)
              .map((grant) => grant.closest("tr").querySelector("th").textContent);
          });
          if (hidden.length) found[`${name}: results cut off`] = hidden;
          // Stacked on a phone, it is still a table to a screen reader.
          assert.equal(await page.getByRole("rowheader", { name: "convai_write" }).count(), 1, `${name}: no row header`);
          assert.equal(await page.getByRole("columnheader", { name: "Permission" }).count(), 1, `${name}: no column header`);
        }
        const broken = await page.evaluate(brokenWords, { strict: true, root: "#checker" });
        if (broken.length) found[name] = broken;
      }
      assert.deepEqual(found, {});
    } finally {
      await context.close();
    }
  });
}
