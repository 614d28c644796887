// The checker when the network misbehaves or the API answers with junk:
// cut bodies, refused connections, CORS refusals, hostile markup, a hang.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  DEAD_API, SITE, KEY_OK, AGENT_OK,
  classify, sharedBrowser,
} from "./browser.mjs";

const { check } = sharedBrowser();

const base = new URL(SITE).pathname;

test("a body cut off mid-way", async () => {
  const { card } = await check({ key: KEY_OK, agent: "agent_cut" });
  assert.equal(card.tone, "unsettled");
  assert.match(card.title, /cut off|not with a signed URL/);
});

test("connection refused: blocked verdict with a curl command that holds no key", async () => {
  const { card, requests } = await check({ key: KEY_OK, agent: AGENT_OK, host: DEAD_API });
  assert.match(card.title, /blocked or failed before it reached 127\.0\.0\.1:\d+/);
  assert.match(card.curl, new RegExp(`curl .*${DEAD_API.replace(/[.:/]/g, "\\$&")}/v1/convai/conversation/get-signed-url\\?agent_id=${AGENT_OK}`, "s"));
  assert.match(card.curl, /printf 'xi-api-key: %s\\n' "\$ELEVENLABS_API_KEY" \|\s+curl .* -H @- /s);
  assert.ok(!card.curl.includes(KEY_OK));
  assert.equal(card.link, `${base}request-blocked/#check-from-a-terminal-instead`);
  assert.equal(classify(requests, DEAD_API).api.length, 1);
});

test("a CORS refusal gets the same blocked verdict", async () => {
  const { card } = await check({ key: KEY_OK, agent: "agent_nocors" });
  assert.match(card.title, /blocked or failed before it reached/);
  assert.match(card.text, /CORS/);
  assert.ok(card.curl.includes("$ELEVENLABS_API_KEY"));
});

test("API text with markup is shown as text and never runs", async () => {
  const hostile = await check({ key: KEY_OK, agent: "agent_hostile" });
  assert.equal(hostile.pwned, null, "injected markup ran");
  assert.match(hostile.card.apiText, /<img src=x onerror="window.__pwned=1"><script>/);
  const html = await check({ key: KEY_OK, agent: "agent_hostile_html" });
  assert.equal(html.pwned, null, "injected markup ran");
  // An HTML body is never shown, not even as text: only its title would be.
  assert.equal(html.card.pageSaid, null);
  assert.equal(html.card.apiText, null);
  assert.equal(html.card.verdict, "web-page");
  assert.equal(hostile.card.injected, 0, "the body added elements to the card");
  assert.equal(html.card.injected, 0, "the body added elements to the card");
});

test("no answer within 15 seconds: the check is aborted", { timeout: 40_000 }, async () => {
  const started = Date.now();
  const { card } = await check({ key: KEY_OK, agent: "agent_hang" });
  const waited = Date.now() - started;
  assert.match(card.title, /did not answer within 15 seconds/);
  // Said as a person would, not as "Checked with … in 15002 ms".
  assert.match(card.status, /^No answer from 127\.0\.0\.1:\d+ within 15 seconds\.$/);
  assert.ok(card.curl.includes("$ELEVENLABS_API_KEY"));
  assert.ok(waited >= 14_000 && waited < 30_000, `aborted after ${waited} ms`);
});
