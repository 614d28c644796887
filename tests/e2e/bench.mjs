// Timing figures for `cargo xtask bench` (not a test): page load to a ready
// checker, and click to verdict against the mock API, median of several runs.
import { KEY_OK, KEY_NO_CONVAI, AGENT_OK, API, launch, openPage, waitReady } from "./browser.mjs";

const RUNS = 7;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const browser = await launch();
const ready = [];
const check = [];
try {
  for (let run = 0; run < RUNS; run++) {
    const { page, context } = await openPage(browser);
    await waitReady(page);
    // Navigation start to the checker's "ready" state, stamped by the checker.
    ready.push(Number(await page.locator("#checker").getAttribute("data-ready-ms")));
    for (const key of [KEY_OK, KEY_NO_CONVAI]) {
      await page.locator("#checker-key").fill(key);
      await page.locator("#checker-agent").fill(AGENT_OK);
      await page.locator("#checker-host").selectOption(API);
      // Timed inside the page, from the click event to the verdict: timing
      // Playwright's click() would add its own 50-500 ms of actionability
      // checks to the figure.
      await page.evaluate(() => {
        const checker = document.getElementById("checker");
        window.verdictTime = new Promise((resolve) => {
          let clicked;
          document.addEventListener("click", () => { clicked = performance.now(); }, { capture: true, once: true });
          new MutationObserver((_, observer) => {
            if (clicked !== undefined && checker.dataset.state === "done") {
              observer.disconnect();
              resolve(performance.now() - clicked);
            }
          }).observe(checker, { attributes: true, attributeFilter: ["data-state"] });
        });
      });
      await page.getByRole("button", { name: "Check", exact: true }).click();
      check.push(await page.evaluate(() => window.verdictTime));
    }
    await context.close();
  }
} finally {
  await browser.close();
}
const fmt = (values) => `median ${median(values).toFixed(0)} ms (min ${Math.min(...values).toFixed(0)}, max ${Math.max(...values).toFixed(0)}, ${values.length} runs)`;
console.log(`  page load to ready checker: ${fmt(ready)}`);
console.log(`  click to verdict:           ${fmt(check)}`);
