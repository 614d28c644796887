// Shared set-up for the browser tests: Debian's Chromium through
// playwright-core, a page that records every request it makes, and helpers
// that use the checker the way a person does.
import { before, after } from "node:test";
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

export const SITE = process.env.KEYDOCTOR_SITE; // http://127.0.0.1:PORT/keydoctor/
export const API = process.env.KEYDOCTOR_API; // the mock API's origin
export const DEAD_API = process.env.KEYDOCTOR_DEAD_API; // refuses connections
export const WWW = process.env.KEYDOCTOR_WWW; // the built site on disk
export const CHECKER_PAGE = `${SITE}missing-convai-write/`;

if (!SITE || !API) {
  throw new Error("run these tests with `cargo xtask test`, which starts the site and the mock API");
}

// Keys and agent ids the mock understands (crates/xtask/src/mock_api.rs).
export const KEY_OK = "sk_0000000000000000000000000000000000000000000000a1";
export const KEY_NO_CONVAI = "sk_0000000000000000000000000000000000000000000000b2";
export const KEY_QUOTA = "sk_0000000000000000000000000000000000000000000000c3";
export const KEY_UNUSUAL = "sk_0000000000000000000000000000000000000000000000d4";
export const KEY_REVOKED = "sk_0000000000000000000000000000000000000000000000ff";
export const KEY_IP = "sk_0000000000000000000000000000000000000000000000e5";
export const KEY_NO_CONVAI_NEW = "sk_0000000000000000000000000000000000000000000000f6";
export const KEY_UNAUTHORIZED = "sk_000000000000000000000000000000000000000000000007";
export const KEY_NOT_VERIFIABLE = "sk_000000000000000000000000000000000000000000000008";
export const REQUEST_ID = "3c807fc4c3a1705f9638ecc764a91c01";
/** The mock API under another host name: where its redirects point. */
export const API_ALIAS = API?.replace("127.0.0.1", "localhost");
export const AGENT_OK = "agent_01jtestagent0000000000000";

import { CHROMIUM_ARGS, launch } from "./chromium.mjs";

export { CHROMIUM_ARGS, launch };

/**
 * Opens `url` in a fresh context. Every request the page makes is kept in
 * `requests` (url, method, headers), every console message in `console`.
 */
export async function openPage(browser, url = CHECKER_PAGE, { colorScheme = "light", javaScriptEnabled = true, viewport } = {}) {
  const context = await browser.newContext({ colorScheme, javaScriptEnabled, ...(viewport ? { viewport } : {}) });
  const page = await context.newPage();
  const requests = [];
  const console = [];
  const errors = [];
  page.on("request", (request) => {
    requests.push({ url: request.url(), method: request.method(), headers: request.headers(), body: request.postData() });
  });
  page.on("console", (message) => console.push(message.text()));
  page.on("pageerror", (error) => errors.push(String(error)));
  await page.goto(url);
  return { context, page, requests, console, errors };
}

/** Waits until the wasm has started and the form is usable. */
export async function waitReady(page) {
  await page.waitForSelector("#checker[data-state=ready]", { timeout: 10_000 });
}

/** Types the key and agent id, picks the host, clicks Check. */
export async function fillAndCheck(page, { key, agent, host = API }) {
  await page.locator("#checker-key").fill("");
  if (key) await page.locator("#checker-key").pressSequentially(key, { delay: 0 });
  await page.locator("#checker-agent").fill("");
  if (agent) await page.locator("#checker-agent").pressSequentially(agent, { delay: 0 });
  await page.locator("#checker-host").selectOption(host);
  await page.getByRole("button", { name: "Check", exact: true }).click();
}

/**
 * Waits for the check to end; returns the verdict card's parts as text. The
 * wait is generous: three browsers share two cores in the suite, and a check
 * that really hangs ends at the checker's own 15 s abort anyway.
 */
export async function verdict(page, timeout = 45_000) {
  await page.waitForSelector("#checker[data-state=done], #checker[data-state=blocked]", { timeout });
  return page.evaluate(() => {
    const card = document.getElementById("checker-verdict");
    const text = (selector) => [...card.querySelectorAll(selector)].map((e) => e.textContent);
    const one = (selector) => card.querySelector(selector)?.textContent ?? null;
    // Only the answers that are known are shown, by their question.
    const questions = { "Key valid": "Key valid", "Has convai_write": "convai_write", "Agent id right": "Agent id right", "Agent id usable": "Agent id right" };
    const answers = {};
    for (const row of card.querySelectorAll(".verdict-answers > div")) {
      answers[questions[row.querySelector("dt").textContent] ?? row.querySelector("dt").textContent] = row.querySelector("dd").textContent;
    }
    const said = (slot) => card.querySelector(`[data-slot=${slot}]`)?.textContent ?? null;
    const field = (id) => {
      const element = document.getElementById(id);
      return element.hidden ? null : element.textContent;
    };
    return {
      state: document.getElementById("checker").dataset.state,
      verdict: card.dataset.verdict ?? null,
      tone: card.dataset.tone ?? null,
      stale: card.hasAttribute("data-stale"),
      toneLabel: one(".verdict-tone"),
      requestId: said("request_id"),
      reportOffered: card.querySelector("#checker-report-start") !== null,
      fallbackShown: !document.getElementById("checker-fallback").hidden,
      title: one("h3") ?? "",
      text: card.textContent,
      answers,
      steps: text(".verdict-steps li"),
      apiText: said("api_said"),
      // How the API's words are set: quoted prose in the body font.
      apiLooks: (() => {
        const element = card.querySelector("[data-slot=api_said]");
        return element && { tag: element.tagName.toLowerCase(), monospace: getComputedStyle(element).fontFamily.includes("monospace") };
      })(),
      // What the card shows as code, outside its steps, curl and answers.
      codes: [...card.querySelectorAll(":not(pre) > code")]
        .filter((code) => !code.closest(".verdict-curl, .verdict-steps, .verdict-answers, .report, .verdict-more"))
        .map((code) => code.textContent),
      pageSaid: said("page_said"),
      answerSaid: said("answer_said"),
      signedUrl: said("signed_url"),
      curl: card.querySelector(".verdict-curl pre")?.textContent ?? null,
      link: card.querySelector(".verdict-more a")?.getAttribute("href") ?? null,
      notes: [...document.querySelectorAll("#checker-notes > li")].map((li) => ({ level: li.dataset.level, text: li.textContent })),
      fieldErrors: { key: field("checker-key-error"), agent: field("checker-agent-error") },
      invalid: ["checker-key", "checker-agent"].filter((id) => document.getElementById(id).getAttribute("aria-invalid") === "true"),
      focused: document.activeElement?.id ?? document.activeElement?.tagName ?? null,
      status: document.getElementById("checker-status").textContent,
      injected: card.querySelectorAll("img, script, iframe, object").length,
    };
  });
}

/** Requests made to the API host, and to anything that is neither the site nor the API. */
export function classify(requests, apiOrigin = API) {
  const site = new URL(SITE).origin;
  return {
    api: requests.filter((r) => r.url.startsWith(apiOrigin + "/")),
    foreign: requests.filter((r) => !r.url.startsWith(site + "/") && !r.url.startsWith(apiOrigin + "/")),
  };
}

/**
 * One browser for a test file: launched before its tests, closed after.
 * `withReadyPage(body)` runs `body` on a fresh checker page whose form is
 * ready, and closes it afterwards. `check(input)` does one check that way
 * and returns the verdict, whether injected markup ran (`pwned`) and the
 * page's traffic.
 */
export function sharedBrowser() {
  const shared = { browser: null };
  before(async () => { shared.browser = await launch(); });
  after(async () => { await shared.browser?.close(); });
  shared.withReadyPage = async (body, options = {}) => {
    const session = await openPage(shared.browser, CHECKER_PAGE, options);
    try {
      await waitReady(session.page);
      return await body(session);
    } finally {
      await session.context.close();
    }
  };
  // `colorScheme` picks light or dark; `inspect(page)` runs on the page
  // after the verdict, before it closes, and its result comes back as `inspected`.
  shared.check = ({ colorScheme, viewport, inspect, ...input }) => shared.withReadyPage(async (session) => {
    await fillAndCheck(session.page, input);
    const card = await verdict(session.page);
    const pwned = await session.page.evaluate(() => window.__pwned ?? null);
    const inspected = inspect ? await inspect(session.page) : undefined;
    return { card, pwned, inspected, ...session };
  }, { ...(colorScheme ? { colorScheme } : {}), ...(viewport ? { viewport } : {}) });
  return shared;
}

/** Every page of the built site, as URLs under the served sub-path. */
export function sitePages(dir = WWW) {
  const urls = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) urls.push(...sitePages(path));
    else if (name === "index.html") urls.push(SITE + relative(WWW, dir).split("\\").join("/") + (dir === WWW ? "" : "/"));
  }
  return urls.sort();
}
