// Every answer of the re-researched facts sheet, as the mock gives it: the
// current error shape with its request id, 401s with no known code, an
// unverifiable key, IP allowlists, proxy and challenge pages, redirects,
// string details, Pydantic v2 lists, odd 200 bodies, other vendors' keys.
// One check per verdict, driven as a reader would: type, click, read.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  SITE, API, API_ALIAS, KEY_OK, KEY_IP, KEY_NO_CONVAI_NEW, KEY_UNAUTHORIZED, KEY_NOT_VERIFIABLE,
  REQUEST_ID, AGENT_OK, classify, sharedBrowser,
} from "./browser.mjs";

const { check, withReadyPage } = sharedBrowser();

/** Whether `text` is shown in the card as code (<code>), never with backticks. */
async function codeIn(card, text) {
  return !card.text.includes("`") && card.text.includes(text);
}
const base = new URL(SITE).pathname;
// Only known answers are shown: none, when the key was not judged.
const NOT_KNOWN = {};

test("the current error shape: classified on status, request id shown to quote to support", async () => {
  const { card } = await check({ key: KEY_NO_CONVAI_NEW, agent: AGENT_OK });
  assert.equal(card.title, "The key is valid but is missing the permission convai_write.");
  assert.equal(card.requestId, REQUEST_ID);
  assert.match(card.text, /quote to ElevenLabs support/);
  // The API's message is quoted prose in the body font, not code.
  assert.deepEqual(card.apiLooks, { tag: "q", monospace: false });
});

test("a 401 with only the generic code still says the key was refused", async () => {
  const { card } = await check({ key: KEY_UNAUTHORIZED, agent: AGENT_OK });
  assert.equal(card.tone, "problem");
  // A 401 with a code names the code and the status.
  assert.match(card.title, /^127\.0\.0\.1:\d+ refused the key: unauthorized \(HTTP 401\)\.$/);
  assert.equal(card.verdict, "key-refused-code");
  assert.ok(await codeIn(card, "unauthorized"));
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
  assert.equal(card.tone, "problem", "a definite diagnosis is not 'not settled'");
  assert.equal(card.title, "This key only accepts requests from listed IP addresses (HTTP 403).");
  assert.match(card.text, /your own IP address, not your server's/);
  assert.deepEqual(card.answers, NOT_KNOWN, "an allowlist refusal is not a missing convai_write");
  assert.match(card.curl, /printf 'xi-api-key: %s\\n' "\$ELEVENLABS_API_KEY" \|\s+curl .* -H @- /s);
  assert.match(card.curl, /agent_id=agent_01jtestagent0000000000000/);
  assert.equal(card.fallbackShown, false, "the curl command is shown twice");
  assert.equal(card.link, `${base}request-blocked/#a-key-limited-to-some-ip-addresses`);
});

test("a 403 that names no scope is not a missing convai_write", async () => {
  const { card } = await check({ key: KEY_OK, agent: "agent_forbidden" });
  assert.match(card.title, /refused the request \(HTTP 403, forbidden\)/);
  // The key got through: a refusal to act on, not "Key not tested".
  assert.equal(card.tone, "problem");
  assert.match(card.text, /key reached the API, which refused this request/);
  assert.equal(card.answers.convai_write, undefined, "convai_write is not judged");
  assert.match(card.text, /IP allowlist/);
});

test("a bot-protection challenge page is named by its title, never shown", async () => {
  const { card } = await check({ key: KEY_OK, agent: "agent_challenge" });
  assert.equal(card.title, "A bot-protection page answered instead of the API (HTTP 403).");
  assert.equal(card.pageSaid, "Just a moment...");
  assert.equal(card.apiText, null);
  assert.match(card.text, /in front of the API \(Cloudflare\) answered with a challenge page/);
  assert.ok(!card.text.includes("<") && !card.text.includes("cdn-cgi"), card.text);
  assert.equal(card.link, `${base}request-blocked/#a-web-page-instead-of-an-api-answer`);
});

test("an HTML 404 from a web server is not blamed on the agent id", async () => {
  const { card } = await check({ key: KEY_OK, agent: "agent_html404" });
  assert.equal(card.title, "A web server answered HTTP 404 with a page, not the API.");
  assert.equal(card.pageSaid, "404 Not Found");
  assert.equal(card.answers["Agent id right"], undefined, "the agent id is not judged");
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
  assert.equal(card.title, "The API rejected the agent id (HTTP 422).");
  assert.deepEqual(card.answers, { "Agent id right": "no" }, "validation runs before the key is judged");
  assert.match(card.apiText, /^query\.agent_id: String should match pattern/);
});

test("a redirect: the key is not sent on, the verdict names where it pointed", async () => {
  const { card, requests } = await check({ key: KEY_OK, agent: "agent_redirect" });
  const alias = new URL(API_ALIAS).host;
  assert.match(card.title, new RegExp(`answered with a redirect to ${alias.replace(/[.]/g, "\\.")}\\.$`));
  assert.match(card.text, /your key went only to 127\.0\.0\.1:\d+/);
  assert.equal(card.tone, "unsettled");
  assert.equal(card.link, `${base}request-blocked/#a-redirect-instead-of-an-answer`);
  const toAlias = classify(requests, API_ALIAS).api;
  assert.ok(toAlias.length >= 1, "the redirect target was not asked");
  for (const request of toAlias) assert.equal(request.headers["xi-api-key"], undefined, "the key followed the redirect");
  for (const request of requests) assert.ok(!request.url.includes(KEY_OK));
});

test("a 200 that is not a signed URL shows field names, never the token", async () => {
  const { card } = await check({ key: KEY_OK, agent: "agent_token200" });
  assert.match(card.title, /answered 200, but not with a signed URL/);
  // Our own description is prose; only the field names are code.
  assert.equal(card.answerSaid, null);
  assert.match(card.text, /The answer was a JSON object with the fields token, expires_in, where the API sends a signed_url/);
  assert.deepEqual(card.codes, ["token, expires_in", "signed_url"]);
  assert.ok(!card.text.includes("eyJhbGci"), card.text);
});

test("a signed URL of another shape is masked too", async () => {
  const { card } = await check({ key: KEY_OK, agent: "agent_signed_path" });
  assert.equal(card.tone, "success");
  assert.equal(card.signedUrl, "wss://api.elevenlabs.io/v1/convai/conversation/…");
});

test("on a phone the signed URL stays on one line, in a box that scrolls; the page does not", async () => {
  const { card, inspected } = await check({
    key: KEY_OK, agent: AGENT_OK, viewport: { width: 390, height: 900 },
    inspect: (page) => page.evaluate(() => {
      const url = document.querySelector("#checker-verdict [data-slot=signed_url]");
      const lines = new Set([...url.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top))).size;
      const box = url.closest("pre");
      return {
        lines,
        scrolls: box !== null && box.scrollWidth > box.clientWidth && getComputedStyle(box).overflowX === "auto",
        focusable: box?.tabIndex === 0,
        pageWidth: document.documentElement.scrollWidth,
        innerWidth,
      };
    }),
  });
  assert.equal(card.tone, "success");
  assert.equal(inspected.lines, 1, "the signed URL breaks over lines");
  assert.ok(inspected.scrolls && inspected.focusable, JSON.stringify(inspected));
  assert.ok(inspected.pageWidth <= inspected.innerWidth, JSON.stringify(inspected));
});

test("a captive portal's page is named, and the key not judged", async () => {
  const { card } = await check({ key: KEY_OK, agent: "agent_portal" });
  assert.equal(card.title, "A web page came back instead of the API's answer (HTTP 200).");
  assert.equal(card.pageSaid, "Sign in to the hotel Wi-Fi");
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
    assert.ok(card.fieldErrors.key.startsWith(`This looks like ${vendor}`), JSON.stringify(card.fieldErrors));
    assert.equal(classify(requests).api.length, 0, "the key was sent");
  }
});

test("the form says the check is a one-off that stores nothing, with the curl alternative", () => withReadyPage(async ({ page }) => {
  const notice = await page.locator(".checker-notice").textContent();
  assert.match(notice, /advises against keeping long-lived keys in a browser/);
  assert.match(notice, /is not stored/);
  assert.equal(await page.locator(".checker-notice a").getAttribute("href"), "#checker-curl");
}));

test("each tone looks different: colour and a word, in light and dark", async () => {
  for (const colorScheme of ["light", "dark"]) {
    const styles = {};
    for (const [tone, input] of [
      ["success", { key: KEY_OK, agent: AGENT_OK }],
      ["problem", { key: KEY_NO_CONVAI_NEW, agent: AGENT_OK }],
      ["wait", { key: KEY_OK, agent: "agent_rate" }],
      ["unsettled", { key: KEY_OK, agent: "agent_challenge" }],
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
    // The word says what the reader takes away. A card whose headline is a
    // definite finding about the way (a bot-protection page, a block page,
    // a redirect) but that could not test the key says so, not "not settled".
    assert.deepEqual(Object.fromEntries(tones.map((t) => [t, styles[t].label])), {
      success: "Works", problem: "Needs a fix", wait: "Try again later", unsettled: "Key not tested",
    });
  }
});

// The answer classes of the checker's last issue, one check each.

test("a 403 about this agent names the agent and the workspace, not a permission", async () => {
  const { card } = await check({ key: KEY_OK, agent: "agent_other_workspace" });
  assert.equal(card.verdict, "agent-access");
  assert.equal(card.tone, "problem");
  assert.equal(card.title, "The key got through, but it may not use agent agent_other_workspace (HTTP 403).");
  assert.match(card.text, /another workspace than the key/);
  assert.match(card.text, /service account the agent is not shared with/);
  assert.deepEqual(card.answers, { "Key valid": "yes", "Agent id right": "no" });
  assert.ok(!/missing the permission/.test(card.text));
});

test("a missing permission named nowhere still reads well", async () => {
  const { card } = await check({ key: KEY_OK, agent: "agent_scope_unnamed" });
  assert.equal(card.title, "The key is valid but lacks a permission this request needs.");
  assert.ok(!/a permission a permission|permission a permission/.test(card.text));
  assert.equal(card.link, `${base}missing-convai-write/#fix-it`);
});

test("a 401 with no recognisable code says the key was not accepted", async () => {
  const { card } = await check({ key: KEY_OK, agent: "agent_401_plain" });
  assert.equal(card.verdict, "key-not-accepted");
  assert.match(card.title, /^127\.0\.0\.1:\d+ did not accept the key \(HTTP 401\)\.$/);
  assert.equal(card.answerSaid, "Unauthorized");
  assert.equal(card.apiText, null, "a plain-text body is not known to be the API's");
  const coded = (await check({ key: KEY_OK, agent: "agent_401_code" })).card;
  assert.match(coded.title, /refused the key: api_key_disabled \(HTTP 401\)\.$/);
  assert.equal(coded.apiText, "This API key has been disabled (exposed_publicly).");
  // A bare "Unauthorized" names nothing: no step sends the reader to read it.
  assert.ok(!card.steps.some((s) => /answer above|said above|names a permission/.test(s)), JSON.stringify(card.steps));
  // A coded refusal: the API's words come first, then what to do when they
  // say the key was disabled (a leaked key must be replaced, not re-pasted).
  const disabled = coded.steps.find((s) => s.startsWith("If the API says the key was disabled"));
  assert.ok(disabled, `no step for a disabled key in ${JSON.stringify(coded.steps)}`);
  assert.match(disabled, /create a new key/);
  assert.ok(coded.text.indexOf(coded.apiText) < coded.text.indexOf(disabled), "the answer is not above the step that points to it");
});

test("a key sent but not received: something on the way removed the header", async () => {
  const { card, requests } = await check({ key: KEY_OK, agent: "agent_strip_key" });
  assert.equal(card.verdict, "key-removed");
  assert.equal(card.title, "The key was sent, but the API says none arrived.");
  assert.match(card.text, /Something on the way removed the header/);
  assert.ok(classify(requests).api.some((r) => r.headers["xi-api-key"] === KEY_OK), "the key was not sent");
  assert.equal(card.link, `${base}invalid-api-key/#the-key-did-not-arrive`);
});

test("security services' block pages are named from the page", async () => {
  for (const [agent, service, status] of [
    ["agent_waf_cloudflare", "Cloudflare", 403],
    ["agent_waf_akamai", "Akamai", 403],
    ["agent_waf_zscaler", "Zscaler", 200],
  ]) {
    const { card } = await check({ key: KEY_OK, agent });
    assert.equal(card.verdict, "security-block", agent);
    assert.equal(card.title, `A security service blocked the request (${service}).`);
    assert.match(card.text, new RegExp(`HTTP ${status}\\) is a block page from ${service}`));
    assert.equal(card.apiText, null);
    assert.ok(card.pageSaid, "the page's title");
    assert.equal(card.injected, 0);
  }
});

test("web pages that look alike each say who answered and what to do", async () => {
  const cards = {};
  for (const agent of ["agent_challenge", "agent_waf_cloudflare", "agent_waf_zscaler", "agent_portal", "agent_html404", "agent_html502"]) {
    cards[agent] = (await check({ key: KEY_OK, agent })).card;
  }
  // Who answered, and where it stands.
  for (const [agent, who] of [
    ["agent_challenge", /bot-protection service in front of the API/],
    ["agent_waf_cloudflare", /Cloudflare guards websites from their side/],
    ["agent_waf_zscaler", /Zscaler is a web filter that companies and schools run on their own network/],
    ["agent_portal", /Something on your side of the connection answered/],
    ["agent_html404", /A web server that does not serve the API's JSON answers/],
    ["agent_html502", /A proxy or load balancer in front of the API/],
  ]) assert.match(cards[agent].text, who, agent);
  // What to do: the first step differs from card to card.
  const firstSteps = Object.entries(cards).map(([agent, card]) => [agent, card.steps[0]]);
  for (const [i, [a, step]] of firstSteps.entries()) {
    for (const [b, other] of firstSteps.slice(i + 1)) assert.notEqual(step, other, `${a} and ${b} open with the same step`);
  }
  assert.match(cards.agent_waf_zscaler.steps.join(" "), /Ask your network's administrators to allow/);
  assert.ok(!/administrators/.test(cards.agent_waf_cloudflare.steps.join(" ")), "a website's own firewall is not the reader's network");
  assert.match(cards.agent_portal.steps[0], /Open any website in a new tab/);
});

test("a cut or too-deep error body still gives its code", async () => {
  const cut = (await check({ key: KEY_OK, agent: "agent_cut_error" })).card;
  assert.equal(cut.verdict, "invalid-key");
  const deep = (await check({ key: KEY_OK, agent: "agent_deep_error" })).card;
  assert.equal(deep.verdict, "out-of-credits");
  assert.equal(deep.apiText, "This request exceeds your quota of 10000.");
});

test("a 429 with a code the checker does not know is still a rate limit", async () => {
  const { card } = await check({ key: KEY_OK, agent: "agent_rate_new" });
  assert.equal(card.verdict, "rate-limited");
  assert.match(card.title, /HTTP 429, request_limit_reached/);
});

test("a redirect to the same origin is followed with the key, and its answer reported", async () => {
  const { card, requests } = await check({ key: KEY_OK, agent: "agent_moved" });
  assert.equal(card.verdict, "works");
  assert.match(card.text, /redirected the check to \/v1\/convai\/conversation\/get_signed_url\?agent_id=/);
  const keyed = requests.filter((r) => r.headers["xi-api-key"] !== undefined);
  assert.ok(keyed.some((r) => r.url.includes("/get_signed_url?")), "the target was not asked with the key");
  for (const request of keyed) assert.ok(request.url.startsWith(API + "/"), `the key went to ${request.url}`);
});

test("code in a verdict is <code>, and a card's curl has the page's Copy button", async () => {
  const { inspected } = await check({ key: KEY_IP, agent: AGENT_OK, inspect: (page) => page.evaluate(() => {
    const card = document.getElementById("checker-verdict");
    return {
      backticks: card.textContent.includes("`"),
      codes: [...card.querySelectorAll("code")].map((c) => c.textContent),
      copy: card.querySelector(".verdict-curl .code-block .copy-button")?.textContent ?? null,
      copyShown: card.querySelector(".verdict-curl .copy-button")?.checkVisibility() ?? false,
    };
  }) });
  assert.equal(inspected.backticks, false);
  assert.ok(inspected.codes.includes("read -rs ELEVENLABS_API_KEY"), inspected.codes.join("|"));
  assert.ok(inspected.codes.includes("convai_write"));
  assert.equal(inspected.copy, "Copy");
  assert.ok(inspected.copyShown, "the card's Copy button is hidden");
});
