// Lighthouse (npm `lighthouse`, driving Debian's Chromium) on the home page
// and the checker page: performance, accessibility, best practices and SEO
// must each score at least 0.95. The scores are printed.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import lighthouse from "lighthouse";
import * as chromeLauncher from "chrome-launcher";
import { SITE, CHECKER_PAGE, CHROMIUM_ARGS } from "./browser.mjs";

const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"];
const MINIMUM = 0.95;

let chrome;
after(async () => { await chrome?.kill(); });

async function scores(url) {
  chrome ??= await chromeLauncher.launch({
    chromePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    chromeFlags: CHROMIUM_ARGS,
  });
  const result = await lighthouse(url, { port: chrome.port, output: "json", logLevel: "error", onlyCategories: CATEGORIES });
  return {
    scores: Object.fromEntries(CATEGORIES.map((c) => [c, result.lhr.categories[c].score])),
    failing: Object.values(result.lhr.audits)
      .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode !== "informative" && a.scoreDisplayMode !== "notApplicable")
      .map((a) => `${a.id}: ${a.title}`),
  };
}

for (const [name, url] of [["home page", SITE], ["checker page", CHECKER_PAGE]]) {
  test(`Lighthouse scores at least ${MINIMUM} on the ${name}`, { timeout: 120_000 }, async () => {
    const { scores: got, failing } = await scores(url);
    console.log(`lighthouse ${name}: ${CATEGORIES.map((c) => `${c} ${got[c]}`).join(", ")}`);
    for (const category of CATEGORIES) {
      assert.ok(got[category] >= MINIMUM, `${category} scored ${got[category]}; audits below 1: ${failing.join("; ")}`);
    }
  });
}
