// Screenshots of every verdict card and the permission report, for a person
// to look at (not a test), at 1280 and 390 px, light and dark:
//   cargo xtask mock-site   (prints the site URL, the mock API and the dead host)
//   node shots.mjs SITE_URL API_ORIGIN DEAD_ORIGIN OUT_DIR [NAME …]
// Each verdict is reached the way the mock-site list says (a key with the
// working agent id, or the working key with an agent id).
import { chromium } from "playwright-core";

const [site, api, dead, out, ...only] = process.argv.slice(2);
import { VERDICT_CASES as cases } from "./verdict-cases.mjs";

const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"] });
for (const [width, scheme] of [[1280, "light"], [1280, "dark"], [390, "light"], [390, "dark"]]) {
  for (const [name, input, report] of cases) {
    if (only.length && !only.includes(name)) continue;
    const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme });
    const page = await context.newPage();
    await page.goto(site + "missing-convai-write/");
    await page.waitForSelector("#checker[data-state=ready]");
    await page.fill("#checker-key", input.key);
    await page.fill("#checker-agent", input.agent);
    await page.selectOption("#checker-host", input.host === "dead" ? dead : api);
    await page.click("#checker-submit");
    await page.waitForSelector("#checker[data-state=done], #checker[data-state=blocked]", { timeout: 30_000 });
    if (report) {
      await page.click("#checker-report-start");
      await page.waitForSelector("#checker[data-report=done]");
      await page.locator("#checker-report-body details").first().evaluate((d) => { d.open = true; });
    }
    await page.locator("#checker").screenshot({ path: `${out}/${name}-${width}-${scheme}.png` });
    await context.close();
  }
}
await browser.close();
