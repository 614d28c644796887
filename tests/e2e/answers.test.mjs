// Every answer of the re-researched facts sheet, as the mock gives it: the
// current error shape with its request id, 401s with no known code, an
// unverifiable key, IP allowlists, proxy and challenge pages, redirects,
// string details, Pydantic v2 lists, odd 200 bodies, other vendors' keys.
// One check per verdict, driven as a reader would: type, click, read.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  SITE, API_ALIAS, KEY_OK, KEY_IP, KEY_NO_CONVAI_NEW, KEY_UNAUTHORIZED, KEY_NOT_VERIFIABLE,
  REQUEST_ID, AGENT_OK, classify, sharedBrowser,
} from "./browser.mjs";

const { check, withReadyPage } = sharedBrowser();
const base = new URL(SITE).pathname;
const NOT_KNOWN = { "Key valid": "not known", convai_write: "not known", "Agent id right": "not known" };

test("the current error shape: classified on status, request id shown to quote to support", async () => {
  const { card } = await check({ key: KEY_NO_CONVAI_NEW, agent: AGENT_OK });
  assert.equal(card.title, "The key is valid but is missing the permission convai_write.");
  assert.equal(card.requestId, REQUEST_ID);
  assert.match(card.text, /quote to ElevenLabs support/);
});

test("a 401 with only the generic code still says the key was refused", async () => {
  const { card } = await check({ key: KEY_UNAUTHORIZED, agent: AGENT_OK });
  assert.equal(card.tone, "problem");
  assert.match(card.title, /^127\.0\.0\.1:\d+ refused the key \(HTTP 401\)\.$/);
  assert.equal(card.requestId, REQUEST_ID);
  assert.equal(card.link, `${base}invalid-api-key/#fix-an-invalid-or-revoked-key`);
});

test("api_key_not_verifiable is an invalid key", async () => {
  const { card } = await check({ key: KEY_NOT_VERIFIABLE, agent: AGENT_OK });
  assert.match(card.title, /does not know this key/);
  assert.equal(card.answers["Key valid"], "no");
});

test("an IP-allowlisted key: its own verdict, the server's curl shown once", async () => {
  const { card } = await check({ key: KEY_IP, agent: AGENT_OK });
  assert.equal(card.tone, "warning");
  assert.equal(card.title, "This key only accepts requests from listed IP addresses (HTTP 403).");
  assert.match(card.text, /your own IP address, not your server's/);
  assert.deepEqual(card.answers, NOT_KNOWN, "an allowlist refusal is not a missing convai_write");
  assert.match(card.curl, /printf 'xi-api-key: %s\\n' "\$ELEVENLABS_API_KEY" \|\s+curl .* -H @- /s);
  assert.equal(card.fallbackShown, false, "the curl command is shown twice");
  assert.equal(card.link, `${base}request-blocked/#a-key-limited-to-some-ip-addresses`);
});

test("a 403 that names no scope is not a missing convai_write", async () => {
  const { card } = await check({ key: KEY_OK, agent: "agent_forbidden" });
  assert.match(card.title, /refused the request \(HTTP 403\)/);
  assert.equal(card.answers.convai_write, "not known");
  assert.match(card.text, /IP allowlist/);
});

test("a bot-protection challenge page is named by its title, never shown", async () => {
  const { card } = await check({ key: KEY_OK, agent: "agent_challenge" });
  assert.equal(card.title, "A bot-protection page answered instead of the API (HTTP 403).");
  assert.equal(card.apiText, "A web page titled “Just a moment...”");
  assert.ok(!card.text.includes("<") && !card.text.includes("cdn-cgi"), card.text);
  assert.equal(card.link, `${base}request-blocked/#a-web-page-instead-of-an-api-answer`);
});

test("an HTML 404 from a web server is not blamed on the agent id", async () => {
  const { card } = await check({ key: KEY_OK, agent: "agent_html404" });
  assert.equal(card.title, "A web server answered HTTP 404 with a page, not the API.");
  assert.equal(card.apiText, "A web page titled “404 Not Found”");
  assert.equal(card.answers["Agent id right"], "not known");
});

test("a JSON 404 or 405 that names no agent points at the host, not the agent id", async () => {
  for (const [agent, status] of [["agent_string404", 404], ["agent_405", 405]]) {
    const { card } = await check({ key: KEY_OK, agent });
    assert.match(card.title, new RegExp(`answered HTTP ${status} without naming the agent`));
    assert.deepEqual(card.answers, NOT_KNOWN);
    assert.equal(card.link, `${base}request-blocked/#other-answers`);
  }
});

test("a Pydantic v2 validation list on agent_id blames the agent id", async () => {
  const { card } = await check({ key: KEY_OK, agent: "agent_invalid" });
  assert.match(card.title, /agent id was rejected \(HTTP 422\)/);
  assert.match(card.apiText, /^query\.agent_id: String should match pattern/);
});

test("a redirect: the key is not sent on, the verdict names where it pointed", async () => {
  const { card, requests } = await check({ key: KEY_OK, agent: "agent_redirect" });
  const alias = new URL(API_ALIAS).host;
  assert.match(card.title, new RegExp(`answered with a redirect to ${alias.replace(/[.]/g, "\\.")}\\.$`));
  assert.match(card.text, /your key went only to 127\.0\.0\.1:\d+/);
  assert.equal(card.link, `${base}request-blocked/#a-redirect-instead-of-an-answer`);
  const toAlias = classify(requests, API_ALIAS).api;
  assert.ok(toAlias.length >= 1, "the redirect target was not asked");
  for (const request of toAlias) assert.equal(request.headers["xi-api-key"], undefined, "the key followed the redirect");
  for (const request of requests) assert.ok(!request.url.includes(KEY_OK));
});

test("a 200 that is not a signed URL shows field names, never the token", async () => {
  const { card } = await check({ key: KEY_OK, agent: "agent_token200" });
  assert.match(card.title, /answered 200, but not with a signed URL/);
  assert.equal(card.apiText, "a JSON object with the fields token, expires_in");
  assert.ok(!card.text.includes("eyJhbGci"), card.text);
});

test("a signed URL of another shape is masked too", async () => {
  const { card } = await check({ key: KEY_OK, agent: "agent_signed_path" });
  assert.equal(card.tone, "success");
  assert.equal(card.apiText, "Signed URL issued: wss://api.elevenlabs.io/v1/convai/conversation/…");
});

test("a captive portal's page is named, and the key not judged", async () => {
  const { card } = await check({ key: KEY_OK, agent: "agent_portal" });
  assert.equal(card.title, "A web page came back instead of the API's answer (HTTP 200).");
  assert.equal(card.apiText, "A web page titled “Sign in to the hotel Wi-Fi”");
  assert.deepEqual(card.answers, NOT_KNOWN);
});

test("a speech-engine id is accepted like an agent id", async () => {
  const { card } = await check({ key: KEY_OK, agent: "seng_01jtestengine000000000000" });
  assert.equal(card.tone, "success");
  assert.deepEqual(card.notes, []);
});

test("another vendor's key is named and never sent", async () => {
  for (const [key, vendor] of [
    ["sk-proj-AbCdEf0123456789AbCdEf0123456789AbCdEf0123", "an OpenAI project key"],
    ["sk_live_51HabcdefABCDEF0123456789abcdefABCDEF", "a Stripe live secret key"],
  ]) {
    const { card, requests } = await check({ key, agent: AGENT_OK });
    assert.equal(card.state, "blocked");
    assert.ok(card.notes.some((n) => n.level === "blocking" && n.text.startsWith(`This looks like ${vendor}`)), JSON.stringify(card.notes));
    assert.equal(classify(requests).api.length, 0, "the key was sent");
  }
});

test("the form says the check is a one-off that stores nothing, with the curl alternative", () => withReadyPage(async ({ page }) => {
  const notice = await page.locator(".checker-notice").textContent();
  assert.match(notice, /advises against keeping long-lived keys in a browser/);
  assert.match(notice, /stores nothing/);
  assert.equal(await page.locator(".checker-notice a").getAttribute("href"), "#checker-curl");
}));

test("each tone looks different: colour and a word, in light and dark", async () => {
  for (const colorScheme of ["light", "dark"]) {
    const styles = {};
    for (const [tone, input] of [
      ["success", { key: KEY_OK, agent: AGENT_OK }],
      ["problem", { key: KEY_NO_CONVAI_NEW, agent: AGENT_OK }],
      ["warning", { key: KEY_OK, agent: "agent_rate" }],
    ]) {
      const { card, inspected } = await check({ ...input, colorScheme, inspect: (page) => page.evaluate(() => {
        const card = document.getElementById("checker-verdict");
        const label = card.querySelector(".verdict-tone");
        const look = getComputedStyle(card);
        return {
          background: look.backgroundColor,
          border: look.borderLeftColor,
          label: label.textContent,
          labelColour: getComputedStyle(label).color,
          icon: getComputedStyle(label, "::before").content,
        };
      }) });
      assert.equal(card.tone, tone);
      styles[tone] = inspected;
    }
    const tones = Object.keys(styles);
    for (const [i, a] of tones.entries()) {
      for (const b of tones.slice(i + 1)) {
        for (const property of ["background", "border", "label", "labelColour", "icon"]) {
          assert.notEqual(styles[a][property], styles[b][property], `${colorScheme}: ${a} and ${b} share ${property}`);
        }
      }
    }
  }
});
