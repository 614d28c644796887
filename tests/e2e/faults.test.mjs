// The checker under fire: a slow API, a reset connection, a 5 MB body, a
// hundred clicks at once, and the whole form driven from the keyboard.
import { test } from "node:test";
import assert from "node:assert/strict";
import { API, KEY_OK, AGENT_OK, fillAndCheck, verdict, classify, sharedBrowser } from "./browser.mjs";

const { withReadyPage: withPage } = sharedBrowser();

test("a 10-second answer: the page stays responsive and the verdict arrives", { timeout: 40_000 }, () => withPage(async ({ page }) => {
  await fillAndCheck(page, { key: KEY_OK, agent: "agent_slow" });
  await page.waitForSelector("#checker[data-state=checking]");
  assert.equal(await page.locator("#checker-submit").isDisabled(), true, "Check stays clickable while a check runs");
  assert.match(await page.locator("#checker-status").textContent(), /Checking with/);
  // The page still reacts while waiting.
  const started = Date.now();
  await page.locator("#checker-reveal").click();
  assert.equal(await page.locator("#checker-key").getAttribute("type"), "text");
  assert.ok(Date.now() - started < 2_000, "the page froze");
  const card = await verdict(page, 30_000);
  assert.equal(card.tone, "success");
  assert.equal(await page.locator("#checker-submit").isDisabled(), false);
}));

test("a reset connection gets the blocked verdict", () => withPage(async ({ page }) => {
  await fillAndCheck(page, { key: KEY_OK, agent: "agent_reset" });
  const card = await verdict(page);
  assert.match(card.title, /blocked or failed before it reached/);
}));

test("a 5 MB body is cut to 300 characters and the page survives", () => withPage(async ({ page }) => {
  await fillAndCheck(page, { key: KEY_OK, agent: "agent_huge" });
  const card = await verdict(page);
  assert.match(card.title, /HTTP 418/);
  assert.equal([...card.answerSaid].length, 301);
  const textLength = await page.evaluate(() => document.body.textContent.length);
  assert.ok(textLength < 100_000, `the page holds ${textLength} characters`);
}));

test("a hundred clicks at once give one verdict", () => withPage(async ({ page, requests }) => {
  await page.locator("#checker-key").fill(KEY_OK);
  await page.locator("#checker-agent").fill(AGENT_OK);
  await page.locator("#checker-host").selectOption(API);
  await page.evaluate(() => {
    const button = document.getElementById("checker-submit");
    for (let i = 0; i < 100; i++) button.click();
  });
  const card = await verdict(page);
  assert.equal(card.tone, "success");
  assert.equal(await page.locator("#checker-verdict h3").count(), 1);
  const gets = classify(requests).api.filter((r) => r.method === "GET");
  assert.equal(gets.length, 1, `${gets.length} requests for one check`);
}));

test("the whole check works from the keyboard alone", () => withPage(async ({ page }) => {
  // Start from the top of the page and Tab into the form like a reader.
  await page.locator("body").focus();
  const focused = () => page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName);
  let steps = 0;
  while ((await focused()) !== "checker-key" && steps++ < 200) await page.keyboard.press("Tab");
  assert.equal(await focused(), "checker-key", "Tab never reached the key field");
  await page.keyboard.type(KEY_OK);
  await page.keyboard.press("Tab"); // Show/Hide
  assert.equal(await focused(), "checker-reveal");
  await page.keyboard.press("Enter");
  assert.equal(await page.locator("#checker-key").getAttribute("type"), "text");
  await page.keyboard.press("Tab");
  assert.equal(await focused(), "checker-agent");
  await page.keyboard.type(AGENT_OK);
  await page.keyboard.press("Tab");
  assert.equal(await focused(), "checker-host");
  // Pick the mock host with the arrow keys.
  const options = await page.locator("#checker-host option").evaluateAll((all) => all.map((o) => o.value));
  for (let i = 0; i < options.indexOf(API); i++) await page.keyboard.press("ArrowDown");
  assert.equal(await page.locator("#checker-host").inputValue(), API);
  await page.keyboard.press("Tab");
  assert.equal(await focused(), "checker-submit");
  await page.keyboard.press("Enter");
  const card = await verdict(page);
  assert.equal(card.tone, "success");
  // The verdict's link is reachable by Tab too.
  steps = 0;
  while (!(await page.evaluate(() => document.activeElement?.closest?.("#checker-verdict") && document.activeElement.tagName === "A")) && steps++ < 20) {
    await page.keyboard.press("Tab");
  }
  assert.ok(steps < 20, "Tab never reached the verdict's docs link");
}));
