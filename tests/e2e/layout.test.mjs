// The page layout as readers meet it: on a phone the content comes first
// and the menu opens and closes from the keyboard; on a wide screen the
// menu is always there, even without JavaScript, and stays in view while
// the page scrolls; the colour toggle says what it will do.
import { test } from "node:test";
import assert from "node:assert/strict";
import { SITE, CHECKER_PAGE, sharedBrowser } from "./browser.mjs";

const shared = sharedBrowser();

async function open(url, options) {
  const context = await shared.browser.newContext(options);
  const page = await context.newPage();
  await page.goto(url);
  return { page, context };
}

test("on a 390 px screen the first heading is above the fold and the menu works by keyboard", async () => {
  const { page, context } = await open(CHECKER_PAGE, { viewport: { width: 390, height: 844 } });
  try {
    const heading = await page.locator("main h1").boundingBox();
    assert.ok(heading && heading.y + heading.height < 844, `the first heading starts at ${heading?.y}px`);
    const nav = page.locator("nav.sidebar");
    assert.equal(await nav.isVisible(), false, "the menu starts open");
    // Tab past the skip link, the site title, the search box and the
    // colour toggle to the menu's button, then open and close it.
    let tabs = 0;
    while (tabs < 6 && (await page.evaluate(() => document.activeElement?.tagName)) !== "SUMMARY") {
      await page.keyboard.press("Tab");
      tabs += 1;
    }
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Menu");
    assert.equal(tabs, 5, "the menu is not the fifth stop of the keyboard");
    await page.keyboard.press("Enter");
    assert.equal(await nav.isVisible(), true, "Enter did not open the menu");
    await page.keyboard.press("Enter");
    assert.equal(await nav.isVisible(), false, "Enter did not close the menu");
  } finally {
    await context.close();
  }
});

test("on a wide screen the menu shows without JavaScript and stays in view", async () => {
  const { page, context } = await open(CHECKER_PAGE, { viewport: { width: 1280, height: 800 }, javaScriptEnabled: false });
  try {
    const nav = page.locator("nav.sidebar");
    assert.equal(await nav.isVisible(), true);
    assert.equal(await page.locator("#site-nav > summary").isVisible(), false);
    await page.mouse.wheel(0, 3000);
    await page.waitForTimeout(200);
    const box = await nav.boundingBox();
    assert.ok(box && box.y < 100, `the menu scrolled away (y = ${box?.y})`);
    assert.equal(await page.locator("nav.on-this-page").isVisible(), true, "no On this page column");
  } finally {
    await context.close();
  }
});

test("the colour toggle names what it will do and announces the change", async () => {
  const { page, context } = await open(SITE, { colorScheme: "light" });
  try {
    const toggle = page.locator(".theme-toggle");
    assert.equal(await toggle.textContent(), "Dark mode");
    await toggle.click();
    assert.equal(await toggle.textContent(), "Light mode");
    assert.equal(await page.locator("html").getAttribute("data-theme"), "dark");
    assert.equal(await page.locator("#theme-status").textContent(), "Dark colours on");
  } finally {
    await context.close();
  }
});

test("copy buttons never cover code", async () => {
  const { page, context } = await open(CHECKER_PAGE, { viewport: { width: 390, height: 844 } });
  try {
    const overlaps = await page.evaluate(() => [...document.querySelectorAll(".code-block")].filter((block) => {
      const button = block.querySelector(".copy-button");
      const pre = block.querySelector("pre");
      if (!button || button.hidden) return false;
      const a = button.getBoundingClientRect();
      const b = pre.getBoundingClientRect();
      return a.bottom > b.top && a.top < b.bottom && a.right > b.left && a.left < b.right;
    }).length);
    assert.equal(overlaps, 0);
  } finally {
    await context.close();
  }
});

test("a missing page lists the site's pages once: in its body on a phone, in the menu on a wide screen", async () => {
  for (const [width, height, listVisible] of [[390, 844, true], [1280, 800, false]]) {
    const { page, context } = await open(`${SITE}no-such-page/`, { viewport: { width, height } });
    try {
      assert.equal(await page.locator("main h1").textContent(), "Page not found");
      const list = page.locator(".not-found-pages");
      assert.equal(await list.isVisible(), listVisible, `the body's list at ${width} px`);
      assert.equal(await page.locator("nav.sidebar").isVisible(), !listVisible, `the menu at ${width} px`);
      if (listVisible) {
        const links = await list.locator("a").count();
        assert.ok(links >= 5, `only ${links} pages listed`);
        const first = await list.locator("a").first().boundingBox();
        assert.ok(first && first.y < height, `the list starts below the fold (${first?.y}px)`);
      }
    } finally {
      await context.close();
    }
  }
});

// What site.js reveals when the document is parsed (the search boxes, the
// home page's paste box, the colour toggle, copy buttons) must already hold
// its place at the first paint, or the page jumps under the reader's eye
// (Lighthouse counted a 0.27 layout shift on the home page at 412 px). The
// script's DOMContentLoaded handlers are held back until the page has been
// painted, then run: nothing may move.
const STILL_PAGES = [["home page", SITE], ["checker page", CHECKER_PAGE], ["missing page", `${SITE}no-such-page/`]];
for (const width of [390, 412, 1280]) {
  for (const [name, url] of STILL_PAGES) {
    test(`nothing moves when the scripts start on the ${name} (${width} px)`, async () => {
      const context = await shared.browser.newContext({ viewport: { width, height: 823 } });
      const page = await context.newPage();
      try {
        // The checker's wasm is held too (its request never answered), so
        // the checker stays "loading" and its own start, measured in
        // reader.test.mjs, cannot race the measurement (a CI run saw its
        // "Ready." line, two lines at 390 px, land in between).
        await page.route("**/*.wasm", () => {});
        await page.addInitScript(() => {
          const held = [];
          const add = document.addEventListener.bind(document);
          document.addEventListener = (type, handler, options) =>
            type === "DOMContentLoaded" ? held.push(handler) : add(type, handler, options);
          window.__release = () => held.splice(0).forEach((handler) => handler(new Event("DOMContentLoaded")));
          window.__shift = 0;
          new PerformanceObserver((list) => {
            for (const entry of list.getEntries()) window.__shift += entry.value;
          }).observe({ type: "layout-shift", buffered: true });
        });
        await page.goto(url, { waitUntil: "load" });
        const boxes = () => page.evaluate(() =>
          [".site-header", "main", "main h1", ".layout"].map((selector) => {
            const box = document.querySelector(selector)?.getBoundingClientRect();
            return box ? `${selector} ${Math.round(box.top)}+${Math.round(box.height)}` : `${selector} none`;
          }));
        // Two frames, so the held-back state has been painted.
        await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
        const before = await boxes();
        const shiftBefore = await page.evaluate(() => window.__shift);
        await page.evaluate(() => window.__release());
        await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
        assert.equal(await page.locator("#search-input").isVisible(), true, "the search box did not appear");
        assert.deepEqual(await boxes(), before, "the page moved when the scripts started");
        const shift = (await page.evaluate(() => window.__shift)) - shiftBefore;
        assert.ok(shift < 0.001, `layout shift ${shift} when the scripts started`);
      } finally {
        await context.close();
      }
    });
  }
}
