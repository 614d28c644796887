// Screenshots of the checker's verdicts for a person to look at (not a test):
// node shots.mjs SITE_URL API_ORIGIN OUT_DIR
import { chromium } from "playwright-core";
const [site, api, out] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"] });
const cases = [
  ["success", "sk_0000000000000000000000000000000000000000000000a1", "agent_01jtestagent0000000000000", true],
  ["problem", "sk_0000000000000000000000000000000000000000000000f6", "agent_01jtestagent0000000000000", true],
  ["warning-ip", "sk_0000000000000000000000000000000000000000000000e5", "agent_01jtestagent0000000000000", false],
  ["challenge", "sk_0000000000000000000000000000000000000000000000a1", "agent_challenge", false],
];
for (const [width, scheme] of [[1280, "light"], [1280, "dark"], [390, "light"], [390, "dark"]]) {
  for (const [name, key, agent, report] of cases) {
    const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme });
    const page = await context.newPage();
    await page.goto(site + "missing-convai-write/");
    await page.waitForSelector("#checker[data-state=ready]");
    await page.fill("#checker-key", key);
    await page.fill("#checker-agent", agent);
    await page.selectOption("#checker-host", api);
    await page.click("#checker-submit");
    await page.waitForSelector("#checker[data-state=done]");
    if (report) {
      await page.click("#checker-report-start");
      await page.waitForSelector("#checker[data-report=done]");
    }
    await page.locator("#checker").screenshot({ path: `${out}/${name}-${width}-${scheme}.png` });
    await context.close();
  }
}
await browser.close();
