// The live checker in headless Chromium against the mock ElevenLabs API:
// type, click, read the verdict, for every outcome the checker knows.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  SITE, KEY_OK, KEY_NO_CONVAI, KEY_QUOTA, KEY_UNUSUAL, KEY_REVOKED, AGENT_OK,
  sharedBrowser,
} from "./browser.mjs";

const { check } = sharedBrowser();

const base = new URL(SITE).pathname; // /keydoctor/

test("a key with convai_write gets a signed URL, shown masked", async () => {
  const { card } = await check({ key: KEY_OK, agent: AGENT_OK });
  assert.equal(card.tone, "success");
  assert.match(card.title, /This key works: it has convai_write/);
  assert.deepEqual(card.answers, { "Key valid": "yes", convai_write: "yes", "Agent id right": "yes" });
  assert.match(card.signedUrl, /^wss:\/\/api\.elevenlabs\.io\/v1\/convai\/conversation\?agent_id=…&conversation_signature=…$/);
  assert.ok(!card.text.includes("SECRET_SIGNATURE"), "the signed URL's signature was shown");
  assert.equal(card.link, `${base}missing-convai-write/#still-failing`);
  assert.match(card.status, /^The request to 127\.0\.0\.1:\d+ ended after \d+ ms\.$/);
});

test("missing convai_write names the permission and links to the fix", async () => {
  const { card } = await check({ key: KEY_NO_CONVAI, agent: AGENT_OK });
  assert.equal(card.tone, "problem");
  assert.equal(card.toneLabel, "Needs a fix");
  assert.equal(card.title, "The key is valid but is missing the permission convai_write.");
  // Only the answers that are known are shown.
  assert.deepEqual(card.answers, { "Key valid": "yes", convai_write: "no" });
  assert.match(card.apiText, /missing the permission convai_write to execute this operation/);
  assert.equal(card.link, `${base}missing-convai-write/#fix-it`);
  assert.ok(card.steps.some((s) => s.includes("Conversational AI")), card.steps.join("\n"));
});

test("an unknown or revoked key", async () => {
  const { card } = await check({ key: KEY_REVOKED, agent: AGENT_OK });
  assert.equal(card.tone, "problem");
  assert.match(card.title, /does not know this key/);
  assert.equal(card.answers["Key valid"], "no");
  assert.equal(card.apiText, "Invalid API key");
  assert.ok(card.steps.some((s) => s.includes("data residency")), "no hint about residency hosts");
  assert.ok(card.steps.some((s) => s.includes("Singapore")), "no hint about the Singapore host");
  assert.equal(card.link, `${base}invalid-api-key/#fix-an-invalid-or-revoked-key`);
});

test("a wrong agent id: key fine, agent not found", async () => {
  const { card } = await check({ key: KEY_OK, agent: "agent_doesnotexist" });
  assert.equal(card.tone, "problem");
  assert.equal(card.title, "The key got through, but agent agent_doesnotexist was not found (HTTP 404).");
  assert.deepEqual(card.answers, { "Key valid": "yes", "Agent id right": "no" });
  assert.equal(card.link, `${base}agent-id/#find-the-right-agent-id`);
});

test("out of credits and unusual activity", async () => {
  const quota = (await check({ key: KEY_QUOTA, agent: AGENT_OK })).card;
  assert.match(quota.title, /out of credits/);
  // A definite diagnosis: its own tone, never "not settled", and no report
  // for a key that can reach nothing.
  assert.equal(quota.tone, "problem");
  assert.deepEqual(quota.answers, { "Key valid": "yes" });
  assert.equal(quota.reportOffered, false);
  assert.equal(quota.link, `${base}quota-and-rate-limits/#out-of-credits`);
  const unusual = (await check({ key: KEY_UNUSUAL, agent: AGENT_OK })).card;
  assert.match(unusual.title, /unusual activity/);
  assert.equal(unusual.reportOffered, false);
  assert.equal(unusual.link, `${base}quota-and-rate-limits/#free-tier-blocked-for-unusual-activity`);
});

test("rate limits: a Retry-After the page cannot read is never promised; a readable date is", async () => {
  const rate = (await check({ key: KEY_OK, agent: "agent_rate" })).card;
  assert.equal(rate.tone, "wait");
  assert.equal(rate.toneLabel, "Try again later");
  assert.deepEqual(rate.answers, {}, "no unknown answers are shown");
  assert.equal(rate.title, "Too many requests right now (HTTP 429, too_many_concurrent_requests).");
  // The mock sends Retry-After: 30 without exposing it, as the real API does.
  assert.match(rate.steps[0], /^Wait a little/);
  assert.ok(!rate.text.includes("30 seconds"), rate.text);
  assert.equal(rate.link, `${base}quota-and-rate-limits/#too-many-requests`);
  const dated = (await check({ key: KEY_OK, agent: "agent_rate_date" })).card;
  assert.equal(dated.steps[0], "The answer asks you to wait until Sun, 29 Nov 2026 10:00:00 GMT before trying again.");
  assert.ok(!dated.text.includes("GMT seconds"));
  const busy = (await check({ key: KEY_OK, agent: "agent_busy" })).card;
  assert.match(busy.steps[0], /Wait a little/);
});

test("server errors: an HTML page from a proxy is named by its title, never shown as markup", async () => {
  const html = (await check({ key: KEY_OK, agent: "agent_html502" })).card;
  assert.equal(html.title, "A gateway in front of the API failed (HTTP 502).");
  assert.equal(html.pageSaid, "502 Bad Gateway");
  assert.equal(html.apiText, null, "a proxy's page is not what the API said");
  assert.match(html.text, /The page that answered said: 502 Bad Gateway/);
  assert.ok(!html.text.includes("<"), html.text);
  assert.equal(html.link, `${base}quota-and-rate-limits/#server-errors-5xx`);
  const json = (await check({ key: KEY_OK, agent: "agent_json500" })).card;
  assert.match(json.title, /server error \(HTTP 500\)/);
});

test("a truncated JSON body is not mistaken for success", async () => {
  const { card } = await check({ key: KEY_OK, agent: "agent_truncated" });
  assert.equal(card.tone, "unsettled");
  assert.match(card.title, /answered 200, but not with a signed URL/);
  assert.match(card.curl, /\$ELEVENLABS_API_KEY/);
});

test("an unknown status shows its code and the first 300 characters as text", async () => {
  const { card } = await check({ key: KEY_OK, agent: "agent_teapot" });
  assert.match(card.title, /HTTP 418/);
  assert.equal(card.apiText, null, "plain text is not what the API said");
  assert.ok(card.answerSaid.startsWith("I'm a teapot. Short and stout."));
  assert.equal([...card.answerSaid].length, 301);
  assert.ok(card.answerSaid.endsWith("…"));
  assert.equal(card.link, `${base}request-blocked/#other-answers`);
});

