// The permission report: opt-in after a check, read-only GETs only, at most
// two in flight, the key only in the xi-api-key header to the chosen host,
// and a table a reader can read: granted / missing / not known / not tested.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  API, KEY_OK, KEY_NO_CONVAI, KEY_REVOKED, KEY_QUOTA, KEY_UNUSUAL, AGENT_OK, classify, sharedBrowser,
} from "./browser.mjs";

const { check } = sharedBrowser();

/** Clicks the report's button and reads the table once every row is in. */
async function runReport(page) {
  let inFlight = 0;
  let most = 0;
  const track = (delta) => (request) => {
    if (!request.url().startsWith(API + "/")) return;
    inFlight += delta;
    most = Math.max(most, inFlight);
  };
  page.on("request", track(1));
  page.on("requestfinished", track(-1));
  page.on("requestfailed", track(-1));
  const announced = await page.locator("#checker-report .help").textContent();
  await page.getByRole("button", { name: "Check what else this key can do" }).click();
  await page.waitForSelector("#checker[data-report=done]", { timeout: 20_000 });
  const report = await page.evaluate(() => {
    const rows = {};
    for (const row of document.querySelectorAll(".report-table tbody tr")) {
      const result = row.querySelector("[data-grant]").textContent;
      const answer = row.querySelector(".report-answer").textContent.trim();
      rows[row.querySelector("th").textContent] = { result, answer };
    }
    const untested = [...document.querySelectorAll(".report-untested")].map((d) => ({ open: d.open, summary: d.querySelector("summary").textContent, text: d.textContent }));
    // Permission names are never broken mid-word: each sits on one line.
    const broken = [...document.querySelectorAll(".report-table th code")]
      .filter((code) => code.getClientRects().length > 1 || code.scrollWidth > code.clientWidth + 1)
      .map((code) => code.textContent);
    return {
      rows,
      untested,
      broken,
      agent: document.querySelector(".report-agent")?.textContent ?? "",
      account: document.querySelector(".report-account")?.textContent ?? "",
      text: document.getElementById("checker-verdict").textContent,
    };
  });
  return { ...report, announced, most };
}

test("a full key: every read permission granted, the agent found, plan and use shown", async () => {
  const { card, inspected, requests } = await check({ key: KEY_OK, agent: AGENT_OK, inspect: runReport });
  assert.equal(card.reportOffered, true);
  const { rows, agent, account, announced, most, text } = inspected;
  assert.match(announced, /^Sends 9 read-only GET requests to 127\.0\.0\.1:\d+, two at a time/);
  assert.deepEqual(rows.convai_write, { result: "granted", answer: "from the check above" });
  for (const permission of ["convai_read", "user_read", "voices_read", "models_read", "speech_history_read", "pronunciation_dictionaries_read"]) {
    assert.deepEqual(rows[permission], { result: "granted", answer: "HTTP 200" }, permission);
  }
  // A grant shown by an error answer says why it means granted.
  assert.equal(rows.dubbing_read.result, "granted");
  assert.match(rows.dubbing_read.answer, /^HTTP 404 dubbing_not_found: looking up an id that does not exist got past the permission check/);
  assert.equal(rows.projects_read.result, "granted");
  assert.match(rows.projects_read.answer, /^HTTP 403 invalid_subscription: reading is allowed, but the plan does not include this product/);
  // What was not tested: two collapsed groups, named and counted.
  const { untested, broken } = inspected;
  assert.equal(untested.length, 2);
  assert.ok(untested.every((group) => !group.open), "a not-tested list is open");
  assert.match(untested[0].summary, /^Not tested: 14 permissions only a write request would show$/);
  assert.ok(untested[0].text.includes("voices_write") && untested[0].text.includes("never writes"));
  assert.deepEqual(broken, []);
  assert.equal(agent, `Agent ${AGENT_OK}: found in this key's workspace.`);
  assert.equal(account, "Plan: creator (active). Characters used: 1,200 of 100,000.");
  // /v1/user echoes the key and a first name: neither is shown.
  assert.ok(!text.includes(KEY_OK) && !text.includes("Ada"), "the report showed the key or a personal field");

  const api = classify(requests).api;
  assert.equal(api.length, 1 + 9, "one check and nine report requests");
  assert.deepEqual([...new Set(api.map((r) => r.method))], ["GET"], "a report request that is not a GET");
  for (const request of api) {
    assert.equal(request.headers["xi-api-key"], KEY_OK);
    assert.ok(!request.url.includes(KEY_OK), request.url);
  }
  assert.deepEqual(classify(requests).foreign, []);
  assert.ok(most <= 2, `${most} report requests in flight at once`);
});

test("a restricted key: what is missing, and why the agent cannot be looked up", async () => {
  const { inspected } = await check({ key: KEY_NO_CONVAI, agent: AGENT_OK, inspect: runReport });
  const { rows, agent, account } = inspected;
  assert.deepEqual(rows.convai_write, { result: "missing", answer: "from the check above" });
  assert.deepEqual(rows.user_read, { result: "missing", answer: "HTTP 401 missing_permissions" });
  assert.equal(rows.convai_read.result, "missing");
  assert.equal(rows.voices_read.result, "granted");
  assert.match(agent, /could not tell; looking an agent up needs convai_read, which this key lacks/);
  assert.equal(account, "", "an account line without user_read");
});

test("no report is offered for a key that can reach nothing", async () => {
  for (const key of [KEY_REVOKED, KEY_QUOTA, KEY_UNUSUAL]) {
    const { card } = await check({ key, agent: AGENT_OK });
    assert.equal(card.reportOffered, false, key);
  }
  const { card } = await check({ key: KEY_OK, agent: "agent_401_plain" });
  assert.equal(card.reportOffered, false);
});

test("at 390 px, permission names stay whole", async () => {
  const { inspected } = await check({ key: KEY_OK, agent: AGENT_OK, viewport: { width: 390, height: 800 }, inspect: runReport });
  assert.deepEqual(inspected.broken, []);
});
