// Where the key goes (only the xi-api-key header to the chosen host), what
// the page loads, its Content-Security-Policy, the sub-path, and the page
// without JavaScript.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  API, API_ALIAS, DEAD_API, SITE, CHECKER_PAGE, KEY_OK, KEY_NO_CONVAI, AGENT_OK,
  launch, openPage, waitReady, fillAndCheck, verdict, classify,
} from "./browser.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test("the key goes only into the xi-api-key header to the chosen host", async () => {
  const session = await openPage(browser);
  const { page, requests, console } = session;
  await waitReady(page);
  const keys = [KEY_OK, KEY_NO_CONVAI];
  await fillAndCheck(page, { key: KEY_OK, agent: AGENT_OK });
  await verdict(page);
  await fillAndCheck(page, { key: KEY_NO_CONVAI, agent: AGENT_OK });
  await verdict(page);
  await fillAndCheck(page, { key: KEY_OK, agent: AGENT_OK, host: DEAD_API });
  await verdict(page);
  // Redirects: to the same origin, followed with the key; to another
  // origin (the mock under another name), looked at without it.
  await fillAndCheck(page, { key: KEY_OK, agent: "agent_moved" });
  assert.equal((await verdict(page)).verdict, "works");
  await fillAndCheck(page, { key: KEY_OK, agent: "agent_redirect" });
  assert.equal((await verdict(page)).verdict, "redirect");

  const { api: toApi, foreign } = classify(requests);
  const elsewhere = foreign.filter((r) => !r.url.startsWith(DEAD_API + "/") && !r.url.startsWith(API_ALIAS + "/"));
  assert.deepEqual(elsewhere.map((r) => r.url), [], "the page contacted another origin");
  for (const request of classify(requests, API_ALIAS).api) {
    assert.equal(request.headers["xi-api-key"], undefined, `the key followed a redirect to ${request.url}`);
  }
  const gets = [...toApi, ...classify(requests, DEAD_API).api].filter((r) => r.method === "GET");
  const keyed = gets.filter((r) => r.headers["xi-api-key"] !== undefined);
  // Three checks, the moved check and its same-origin target, the
  // redirected check; the keyless looks at where redirects lead carry none.
  assert.deepEqual(keyed.map((r) => r.headers["xi-api-key"]), [KEY_OK, KEY_NO_CONVAI, KEY_OK, KEY_OK, KEY_OK, KEY_OK]);
  assert.ok(keyed.some((r) => r.url.startsWith(API + "/v1/convai/conversation/get_signed_url?")), keyed.map((r) => r.url).join("\n"));

  for (const request of requests) {
    for (const key of keys) {
      assert.ok(!request.url.includes(key), `key in URL ${request.url}`);
      assert.ok(!(request.body ?? "").includes(key), `key in body of ${request.url}`);
      for (const [name, value] of Object.entries(request.headers)) {
        if (name === "xi-api-key" && (request.url.startsWith(API + "/") || request.url.startsWith(DEAD_API + "/"))) continue;
        assert.notEqual(name, "xi-api-key", `the key went to ${request.url}`);
        assert.ok(!value.includes(key), `key in header ${name} of ${request.url}`);
      }
    }
  }
  for (const key of keys) {
    assert.ok(!console.some((line) => line.includes(key)), "key in the console");
  }
  const stored = await page.evaluate(() => JSON.stringify({
    local: { ...localStorage },
    session: { ...sessionStorage },
    cookie: document.cookie,
    html: document.documentElement.outerHTML,
    url: location.href,
  }));
  for (const key of keys) assert.ok(!stored.includes(key), "key kept in storage, cookies, markup or the URL");
  await session.context.close();
});

test("the checker page carries a strict Content-Security-Policy and SRI", async () => {
  const { page, context } = await openPage(browser);
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content");
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.ok(!csp.includes("unsafe-inline"), csp);
  const connect = csp.match(/connect-src ([^;]+)/)[1].trim().split(/\s+/);
  assert.deepEqual(connect.slice(0, 6), [
    "'self'",
    "https://api.elevenlabs.io",
    "https://api.us.elevenlabs.io",
    "https://api.eu.residency.elevenlabs.io",
    "https://api.in.residency.elevenlabs.io",
    "https://api.sg.residency.elevenlabs.io",
  ]);
  const scripts = await page.locator("script[src]").evaluateAll((all) => all.map((s) => ({ src: s.getAttribute("src"), integrity: s.integrity })));
  assert.ok(scripts.length > 0);
  for (const script of scripts) assert.match(script.integrity, /^sha384-/, script.src);
  assert.equal(await page.locator("script:not([src])").count(), 0, "an inline script");
  await context.close();
});

test("the CSP blocks a connection to a host outside the list", async () => {
  const { page, context } = await openPage(browser);
  await waitReady(page);
  const outcome = await page.evaluate(async () => {
    try {
      await fetch("https://example.com/", { mode: "no-cors" });
      return "fetched";
    } catch (error) {
      return String(error);
    }
  });
  assert.match(outcome, /TypeError/);
  await context.close();
});

test("only the checker page loads the wasm; assets are fingerprinted", async () => {
  const home = await openPage(browser, SITE);
  await home.page.waitForLoadState("networkidle");
  assert.deepEqual(home.requests.filter((r) => /\.wasm$|checker|widget-loader/.test(r.url)).map((r) => r.url), []);
  await home.context.close();

  const checker = await openPage(browser);
  await waitReady(checker.page);
  const wasm = checker.requests.filter((r) => r.url.endsWith(".wasm")).map((r) => new URL(r.url).pathname);
  assert.equal(wasm.length, 1);
  assert.match(wasm[0], /^\/keydoctor\/checker_bg-[0-9a-f]{8,}\.wasm$/);
  await checker.context.close();
});

test("the site works under its sub-path and nothing is fetched outside it", async () => {
  const base = new URL(SITE);
  assert.equal(base.pathname, "/keydoctor/");
  for (const url of [SITE, CHECKER_PAGE]) {
    const { page, requests, context, errors } = await openPage(browser, url);
    await page.waitForLoadState("networkidle");
    const own = requests.filter((r) => r.url.startsWith(base.origin));
    assert.ok(own.length >= 3, "the page loaded its CSS and scripts");
    for (const request of own) assert.ok(new URL(request.url).pathname.startsWith("/keydoctor/"), request.url);
    assert.deepEqual(errors, []);
    await context.close();
  }
  const outside = await fetch(new URL("/", base));
  assert.equal(outside.status, 404);
  const missing = await fetch(new URL("no-such-page/", base));
  assert.equal(missing.status, 404);
  assert.match(await missing.text(), /<html/);
});

test("without JavaScript the panel offers the curl command", async () => {
  const { page, context } = await openPage(browser, CHECKER_PAGE, { javaScriptEnabled: false });
  // The form keeps its place (nothing shifts when the checker starts) but
  // cannot be used; the status says why.
  assert.equal(await page.locator("#checker-submit").isDisabled(), true);
  assert.equal(await page.locator("#checker-key").isDisabled(), true);
  const curl = await page.locator("#checker-curl").textContent();
  assert.match(curl, /curl .*https:\/\/api\.elevenlabs\.io\/v1\/convai\/conversation\/get-signed-url\?agent_id=/s);
  assert.match(curl, /\$ELEVENLABS_API_KEY/);
  assert.equal(await page.getByText("The live checker needs JavaScript and WebAssembly; without them, run the command below.").isVisible(), true);
  assert.equal(await page.getByText("Loading the checker…").isVisible(), false);
  await context.close();
});
