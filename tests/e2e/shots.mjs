// Screenshots of every verdict card, the permission report and the
// checker's other states, for a person to look at (not a test), at 1280 and
// 390 px, light and dark. Run it with
//   cargo xtask shots [--out DIR] [NAME …]      (default DIR: target/shots)
// which builds the test site, starts the mock API and runs this file with
// the environment browser.mjs reads. Files: NAME-WIDTH-SCHEME.png, where NAME
// is a verdict case of verdict-cases.mjs (the #checker box after Check; with
// "-report" the box after the permission report, its lists opened), or
//   loading   the box while the wasm is still arriving
//   stale     a verdict after a field was edited (marked out of date)
//   focus     keyboard focus on the Check button, then on the card's Copy
//             button (the host that refuses connections: a card with curl)
//   view      the window as the reader sees it after Check (the scroll)
import { mkdirSync } from "node:fs";
import { API, DEAD_API, CHECKER_PAGE, AGENT_OK, KEY_OK, KEY_NO_CONVAI, launch, waitReady, fillAndCheck } from "./browser.mjs";
import { VERDICT_CASES as cases } from "./verdict-cases.mjs";

const [out, ...only] = process.argv.slice(2);
if (!out) throw new Error("usage: node shots.mjs OUT_DIR [NAME …] (see cargo xtask shots)");
mkdirSync(out, { recursive: true });
const wanted = (name) => !only.length || only.includes(name);
const done = "#checker[data-state=done], #checker[data-state=blocked]";

const browser = await launch();
async function shoot(name, width, scheme, body, { delayWasm = 0 } = {}) {
  const context = await browser.newContext({ viewport: { width, height: width < 500 ? 844 : 900 }, colorScheme: scheme, reducedMotion: "reduce" });
  const page = await context.newPage();
  if (delayWasm) await page.route("**/*.wasm", async (route) => { await new Promise((r) => setTimeout(r, delayWasm)); await route.continue(); });
  try {
    await page.goto(CHECKER_PAGE);
    // The box from the status line down to the end of the verdict (or the
    // whole box, for the states where the form matters).
    const snap = async (suffix, whole = false) => {
      const path = `${out}/${name}${suffix}-${width}-${scheme}.png`;
      if (whole) return page.locator("#checker").screenshot({ path });
      const clip = await page.evaluate(() => {
        const box = document.getElementById("checker").getBoundingClientRect();
        const top = document.getElementById("checker-status").getBoundingClientRect().top;
        const bottom = document.getElementById("checker-verdict").getBoundingClientRect().bottom;
        return { x: box.left + scrollX, y: top + scrollY - 8, width: box.width, height: bottom - top + 16 };
      });
      return page.screenshot({ path, clip, fullPage: true });
    };
    await body(page, snap);
  } catch (error) {
    console.error(`${name} ${width} ${scheme}: ${error.message}`);
    process.exitCode = 1;
  } finally {
    await context.close();
  }
}

const check = async (page, input) => {
  await waitReady(page);
  await fillAndCheck(page, { key: input.key, agent: input.agent, host: input.host === "dead" ? DEAD_API : API });
  await page.waitForSelector(done, { timeout: 30_000 });
};

let count = 0;
for (const [width, scheme] of [[1280, "light"], [1280, "dark"], [390, "light"], [390, "dark"]]) {
  for (const [name, input, report] of cases) {
    if (!wanted(name)) continue;
    await shoot(name, width, scheme, async (page, snap) => {
      await check(page, input);
      // A field blocked the check (no card): the whole box, fields and notes.
      const blocked = await page.locator("#checker[data-state=blocked]").count();
      await snap("", blocked > 0 || name === "field-marked");
      if (report) {
        await page.click("#checker-report-start");
        await page.waitForSelector("#checker[data-report=done]", { timeout: 30_000 });
        await page.locator("#checker-report-body details").evaluateAll((all) => all.forEach((d) => { d.open = true; }));
        await snap("-report");
        count++;
      }
      count++;
    });
  }
  if (wanted("loading")) {
    await shoot("loading", width, scheme, async (page, snap) => {
      await page.waitForSelector("#checker-status");
      await snap("", true);
      count++;
    }, { delayWasm: 4000 });
  }
  if (wanted("stale")) {
    await shoot("stale", width, scheme, async (page, snap) => {
      await check(page, { key: KEY_OK, agent: AGENT_OK, host: "dead" });
      await page.locator("#checker-agent").pressSequentially("x");
      await snap("");
      count++;
    });
  }
  if (wanted("focus")) {
    await shoot("focus", width, scheme, async (page, snap) => {
      await waitReady(page);
      await page.fill("#checker-key", KEY_NO_CONVAI);
      await page.fill("#checker-agent", AGENT_OK);
      await page.selectOption("#checker-host", DEAD_API);
      await page.focus("#checker-host");
      await page.keyboard.press("Tab");
      await snap("", true);
      await page.keyboard.press("Enter");
      await page.waitForSelector(done);
      await page.locator("#checker-verdict pre").focus();
      await page.keyboard.press("Shift+Tab");
      await snap("-copy");
      count += 2;
    });
  }
  if (wanted("view")) {
    await shoot("view", width, scheme, async (page) => {
      await check(page, { key: KEY_NO_CONVAI, agent: AGENT_OK });
      await page.waitForTimeout(600);
      await page.screenshot({ path: `${out}/view-${width}-${scheme}.png` });
      count++;
    });
  }
}
await browser.close();
console.log(`${count} screenshots in ${out}`);
