// The reader's eye on the checker, as a new user on a phone and a laptop:
// while it loads, the box says so and nothing shifts; after Check, focus
// and the view go to the verdict, whose headline names it; editing a field
// marks the verdict out of date.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  API, CHECKER_PAGE, KEY_OK, KEY_NO_CONVAI, AGENT_OK, launch, waitReady, fillAndCheck, verdict,
} from "./browser.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** A page at `width` whose layout shifts are summed from the first paint on. */
async function pageAt(width, { delayWasm = 0 } = {}) {
  const context = await browser.newContext({ viewport: { width, height: width < 500 ? 800 : 900 } });
  const page = await context.newPage();
  await page.addInitScript(() => {
    window.__shift = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shift += entry.value;
    }).observe({ type: "layout-shift", buffered: true });
  });
  if (delayWasm) {
    await page.route("**/*.wasm", async (route) => {
      await new Promise((resolve) => setTimeout(resolve, delayWasm));
      await route.continue();
    });
  }
  await page.goto(CHECKER_PAGE);
  return { page, context };
}

for (const width of [1280, 390]) {
  test(`while it loads the box says so, the form keeps its place, and nothing shifts (${width} px)`, async () => {
    const { page, context } = await pageAt(width, { delayWasm: 1500 });
    try {
      const status = page.locator("#checker-status");
      assert.equal(await status.innerText(), "Loading the checker…");
      assert.equal(await page.locator("#checker-submit").isDisabled(), true);
      const before = await page.locator("#checker-submit").boundingBox();
      await waitReady(page);
      assert.match(await status.innerText(), /^Ready\./);
      assert.equal(await page.locator("#checker-submit").isDisabled(), false);
      assert.deepEqual(await page.locator("#checker-submit").boundingBox(), before, "the form moved when the checker started");
      await page.waitForTimeout(300);
      const shift = await page.evaluate(() => window.__shift);
      console.log(`layout shift while loading at ${width} px: ${shift.toFixed(4)}`);
      assert.ok(shift <= 0.05, `layout shift ${shift}`);
    } finally {
      await context.close();
    }
  });

  test(`after Check, focus and the view go to the verdict, labelled by its headline (${width} px)`, async () => {
    const { page, context } = await pageAt(width);
    try {
      await waitReady(page);
      await fillAndCheck(page, { key: KEY_NO_CONVAI, agent: AGENT_OK, host: API });
      const card = await verdict(page);
      assert.equal(card.focused, "checker-verdict");
      // The page scrolls smoothly: wait for the verdict to arrive, then look.
      await page.waitForFunction(() => {
        const top = document.getElementById("checker-verdict").getBoundingClientRect().top;
        return top >= 0 && top < innerHeight / 2;
      }, null, { timeout: 3000 }).catch(() => {});
      const seen = await page.evaluate(() => {
        const box = document.getElementById("checker-verdict").getBoundingClientRect();
        const title = document.getElementById(document.getElementById("checker-verdict").getAttribute("aria-labelledby"));
        return { top: box.top, height: innerHeight, title: title?.textContent, tag: title?.tagName };
      });
      assert.ok(seen.top >= 0 && seen.top < seen.height / 2, `the verdict starts at ${seen.top} of ${seen.height}`);
      assert.equal(seen.tag, "H3");
      assert.equal(seen.title, card.title);
      // What a screen reader announces: the region named by the headline.
      const named = await page.locator("#checker-verdict").getAttribute("role");
      assert.equal(named, "region");
      const accessible = await page.getByRole("region", { name: card.title }).count();
      assert.equal(accessible, 1);
    } finally {
      await context.close();
    }
  });
}

test("editing a field after a check marks the verdict out of date; checking again clears it", async () => {
  const { page, context } = await pageAt(1280);
  try {
    await waitReady(page);
    await fillAndCheck(page, { key: KEY_OK, agent: AGENT_OK, host: API });
    assert.equal((await verdict(page)).stale, false);
    for (const edit of [
      () => page.locator("#checker-agent").pressSequentially("x"),
      () => page.locator("#checker-key").pressSequentially("x"),
      () => page.locator("#checker-host").selectOption("https://api.elevenlabs.io"),
    ]) {
      await fillAndCheck(page, { key: KEY_OK, agent: AGENT_OK, host: API });
      assert.equal((await verdict(page)).stale, false);
      await edit();
      assert.equal(await page.locator("#checker-verdict").getAttribute("data-stale"), "");
      assert.equal(await page.locator(".verdict-stale").isVisible(), true);
      assert.match(await page.locator(".verdict-stale").innerText(), /Out of date/);
    }
    await fillAndCheck(page, { key: KEY_OK, agent: AGENT_OK, host: API });
    const card = await verdict(page);
    assert.equal(card.stale, false);
    assert.equal(await page.locator(".verdict-stale").isVisible(), false);
  } finally {
    await context.close();
  }
});

test("codes are never broken mid-word, in the card or on the page", async () => {
  for (const width of [390, 1280]) {
    const { page, context } = await pageAt(width);
    try {
      await waitReady(page);
      await fillAndCheck(page, { key: KEY_NO_CONVAI, agent: AGENT_OK, host: API });
      await verdict(page);
      const broken = await page.evaluate(() => [...document.querySelectorAll(":not(pre) > code")]
        .filter((code) => /^[a-z0-9_]+$/.test(code.textContent) && code.getClientRects().length > 1)
        .map((code) => code.textContent));
      assert.deepEqual(broken, [], `broken at ${width} px`);
    } finally {
      await context.close();
    }
  }
});
