// Search as readers use it: the header box on every page (typed words,
// arrow keys, Enter, `/`), the home page's paste box (a pasted error gets a
// likely fix, or "nothing fits"), the page without JavaScript, axe on open
// results in both colour schemes, the client loaded only when wanted — and
// the browser's ranking held to `site search`'s for every paste in
// tests/pastes/.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, dirname, relative } from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";
import { SITE, WWW, sharedBrowser } from "./browser.mjs";
import { paste } from "./paste.mjs";

const shared = sharedBrowser();
const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const SITE_BIN = process.env.KEYDOCTOR_SITE_BIN;
const AXE = readFileSync(join(ROOT, "tests/e2e/node_modules/axe-core/axe.min.js"), "utf8");

/** The `text` of every [[paste]] in a paste file (the TOML strings used there). */
function pasteTexts(toml) {
  const texts = [];
  const unescape = (s) => s.replace(/\\\r?\n\s*/g, "").replace(/\\(["\\nt]|u[0-9a-fA-F]{4})/g, (_, c) =>
    c === "n" ? "\n" : c === "t" ? "\t" : c[0] === "u" ? String.fromCharCode(parseInt(c.slice(1), 16)) : c);
  const pattern = /^text\s*=\s*('''\n?([\s\S]*?)'''(?!')|"""\n?([\s\S]*?)"""(?!")|"((?:[^"\\\n]|\\.)*)"|'([^'\n]*)')/gm;
  for (const m of toml.matchAll(pattern)) {
    if (m[2] !== undefined) texts.push(m[2]);
    else if (m[3] !== undefined) texts.push(unescape(m[3]));
    else if (m[4] !== undefined) texts.push(unescape(m[4]));
    else texts.push(m[5]);
  }
  return texts;
}

function allPastes() {
  const found = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith(".toml")) {
        for (const text of pasteTexts(readFileSync(path, "utf8"))) found.push({ file: relative(ROOT, path), text });
      }
    }
  };
  walk(join(ROOT, "tests/pastes"));
  return found;
}

/** search.js's ranking in Node, reading the built index from disk. */
function nodeSearcher() {
  const context = { console, TextEncoder, atob, Map, Set, Promise, JSON, Math, Array, Object, String, Number, Error };
  context.globalThis = context;
  context.fetch = async (url) => {
    const path = join(WWW, "search", url.slice("idx:".length));
    try {
      const text = readFileSync(path, "utf8");
      return { ok: true, status: 200, text: async () => text };
    } catch {
      return { ok: false, status: 404, text: async () => "" };
    }
  };
  vm.createContext(context);
  // The very file the site serves (fingerprinted: search-<hash>.js).
  const served = readdirSync(WWW).find((n) => /^search-[0-9a-f]+\.js$/.test(n));
  assert.ok(served, `no search-<hash>.js in ${WWW}`);
  vm.runInContext(readFileSync(join(WWW, served), "utf8"), context);
  return context.KeydoctorSearch;
}

test("the browser's ranking equals site search's for every paste", async () => {
  assert.ok(SITE_BIN, "KEYDOCTOR_SITE_BIN is not set");
  const pastes = allPastes();
  assert.ok(pastes.length >= 40, `only ${pastes.length} pastes found`);
  const { Searcher } = nodeSearcher();
  const searcher = await new Searcher("idx:").open();
  for (const { file, text } of pastes) {
    const reference = JSON.parse(execFileSync(SITE_BIN, ["search", "--json", "--root", ROOT, text], { encoding: "utf8" }));
    // Out of the vm's realm, so deepEqual compares values, not prototypes.
    const outcome = JSON.parse(JSON.stringify(await searcher.search(text)));
    const where = `${file}: ${JSON.stringify(text.slice(0, 60))}`;
    assert.deepEqual(outcome.terms, reference.terms, `terms differ for ${where}`);
    assert.equal(outcome.is_paste, reference.is_paste, where);
    assert.deepEqual(outcome.counter_evidence, reference.counter_evidence, where);
    const fragments = JSON.parse(JSON.stringify(await Promise.all(outcome.hits.map((h) => searcher.fragment(h.page)))));
    const mine = outcome.hits.map((h, i) => ({
      title: fragments[i].t,
      section: fragments[i].s[h.section]?.[1] ?? "",
      score: h.score,
      fix: h.fix,
    }));
    const theirs = reference.results.map((r) => ({ title: r.title, section: r.section, score: r.score, fix: r.fix }));
    assert.deepEqual(mine, theirs, `ranking differs for ${where}`);
  }
});

async function open(url, options = {}) {
  const context = await shared.browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  const requests = [];
  const errors = [];
  page.on("request", (r) => requests.push(r.url()));
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  await page.goto(url);
  return { context, page, requests, errors };
}

const options = (page) => page.locator("#search-results [role=option]");

test("typing in the header box lists pages as you type, words marked, index text as text", async () => {
  const { context, page, requests, errors } = await open(`${SITE}agent-id/`);
  try {
    assert.ok(!requests.some((u) => /search[./]/.test(new URL(u).pathname.replace(/^.*\/keydoctor\//, ""))),
      "the search client or index was fetched before anyone used the box");
    const box = page.locator("#search-input");
    await box.click();
    await box.pressSequentially("convai_wr", { delay: 20 });
    // Results follow the typing; the last word, cut short, still finds
    // the page named after it.
    await page.waitForFunction(() => /convai_write/.test(
      document.querySelector("#search-results [role=option] .search-title")?.textContent ?? ""));
    assert.equal(await box.getAttribute("aria-expanded"), "true");
    const first = options(page).first();
    assert.match(await first.locator(".search-title").textContent(), /convai_write/);
    assert.ok((await first.locator("mark").count()) > 0, "no word marked in the snippet");
    assert.ok(requests.some((u) => /\/search\/meta\.json$/.test(u)), "meta.json not fetched");
    // Pages quote HTML (a challenge page's <title>): whatever the index
    // holds is shown as text, the only elements in a snippet being <mark>.
    await box.fill("");
    await box.pressSequentially("Just a moment html title", { delay: 10 });
    await page.waitForFunction(() => /Request blocked/.test(document.querySelector("#search-results")?.textContent ?? ""));
    const tags = await page.$$eval("#search-results .search-snippet *", (els) => [...new Set(els.map((e) => e.tagName))]);
    assert.ok(tags.every((t) => t === "MARK"), `snippets hold ${tags}`);
    assert.deepEqual(errors, [], "errors (a CSP violation?) while searching");
    const foreign = requests.filter((u) => new URL(u).origin !== new URL(SITE).origin);
    assert.deepEqual(foreign, [], "search reached outside the site");
  } finally {
    await context.close();
  }
});

test("a failed index fetch says search is unavailable, and the next keystroke tries again", async () => {
  const { context, page } = await open(`${SITE}agent-id/`);
  try {
    // meta.json cannot be fetched (a moment offline, or the file being
    // rewritten under `site serve`), then can again.
    let offline = true;
    let asked = 0;
    await page.route("**/search/meta.json", (route) => {
      asked += 1;
      return offline ? route.abort("internetdisconnected") : route.continue();
    });
    const box = page.locator("#search-input");
    await box.click();
    await box.pressSequentially("convai_write", { delay: 20 });
    await page.waitForFunction(() => /Search is unavailable right now/.test(document.querySelector("#search-results")?.textContent ?? ""));
    const askedOffline = asked;
    offline = false;
    await box.press("Backspace");
    await page.waitForFunction(() => /convai_write/.test(
      document.querySelector("#search-results [role=option] .search-title")?.textContent ?? ""), null, { timeout: 5000 });
    assert.ok(asked > askedOffline, "meta.json was not asked for again");
  } finally {
    await context.close();
  }
});

test("arrow keys move through the options and Enter opens the chosen one; / focuses the box; Escape closes", async () => {
  const { context, page } = await open(`${SITE}permissions/`);
  try {
    await page.locator("main h1").click();
    await page.keyboard.press("/");
    assert.equal(await page.evaluate(() => document.activeElement?.id), "search-input", "/ did not focus the box");
    await page.keyboard.type("invalid api key", { delay: 20 });
    await page.locator('#search-results[data-query="invalid api key"]').waitFor();
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    const box = page.locator("#search-input");
    const active = await box.getAttribute("aria-activedescendant");
    const second = options(page).nth(1);
    assert.equal(active, await second.getAttribute("id"));
    assert.equal(await second.getAttribute("aria-selected"), "true");
    assert.equal(await options(page).first().getAttribute("aria-selected"), "false");
    await page.keyboard.press("ArrowUp");
    assert.equal(await options(page).first().getAttribute("aria-selected"), "true");
    await page.keyboard.press("ArrowDown");
    const title = await second.locator(".search-title").textContent();
    await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
    const heading = await page.locator("main h1").first().textContent();
    assert.equal(heading.replace(/[`#]/g, "").trim(), title.replace(/`/g, "").trim());
    // Back on a page: Escape closes the open list.
    await page.keyboard.press("/");
    await page.keyboard.type("quota", { delay: 20 });
    await page.locator('#search-results[data-query="quota"]').waitFor();
    await page.keyboard.press("Escape");
    assert.equal(await page.locator("#search-results").isHidden(), true);
    assert.equal(await page.locator("#search-input").getAttribute("aria-expanded"), "false");
  } finally {
    await context.close();
  }
});

const JS_SDK_ERROR = `Error: Status code: 401
Body: {
  "detail": {
    "status": "missing_permissions",
    "message": "The API key you used is missing the permission convai_write to execute this operation."
  }
}`;


test("a pasted error in the home page's box gets its likely fix, with why", async () => {
  const { context, page } = await open(SITE);
  try {
    assert.equal(await page.locator(".paste-box").isVisible(), true);
    await paste(page, "#paste-input", JS_SDK_ERROR);
    const first = page.locator("#paste-results .search-hit").first();
    await first.waitFor();
    assert.equal(await first.locator(".search-badge").textContent(), "Likely fix");
    assert.match(await first.locator(".search-title").textContent(), /convai_write/);
    assert.match(await first.locator(".search-why").textContent(), /quotes/);
    assert.match(await first.locator("a").getAttribute("href"), /\/missing-convai-write\//);
    assert.match(await page.locator("#paste-status").textContent(), /Likely fix/);
  } finally {
    await context.close();
  }
});

test("a multi-line paste into the header box ranks the whole paste", async () => {
  const { context, page } = await open(`${SITE}agent-id/`);
  try {
    await paste(page, "#search-input", JS_SDK_ERROR);
    await options(page).first().waitFor();
    assert.equal(await options(page).first().locator(".search-badge").textContent(), "Likely fix");
    assert.match(await options(page).first().locator(".search-title").textContent(), /convai_write/);
  } finally {
    await context.close();
  }
});

test("an error no page covers gets 'nothing fits' and the table of errors, not a confident wrong page", async () => {
  const { context, page } = await open(SITE);
  try {
    await paste(page, "#paste-input", "openai.AuthenticationError: Error code: 401 - {'error': {'message': 'Incorrect API key provided: sk-proj-****abcd.', 'type': 'invalid_request_error', 'param': None, 'code': 'invalid_api_key'}}");
    const empty = page.locator("#paste-results .search-empty");
    await empty.waitFor();
    assert.match(await empty.textContent(), /Nothing on this site fits this error/);
    const table = empty.getByRole("link", { name: "the table of errors" });
    assert.match(await table.getAttribute("href"), /#find-your-error$|\/$/);
    assert.equal(await page.locator("#paste-results .search-hit").count(), 0);
  } finally {
    await context.close();
  }
});

test("without JavaScript the header links to the list of all pages and no box shows", async () => {
  const { context, page } = await open(SITE, { javaScriptEnabled: false });
  try {
    const link = page.locator(".site-search .search-fallback");
    assert.equal(await link.isVisible(), true);
    assert.match(await link.getAttribute("href"), /\/all-pages\/$/);
    assert.equal(await page.locator("#search-input").isVisible(), false);
    assert.equal(await page.locator(".paste-box").isVisible(), false);
    await Promise.all([page.waitForNavigation(), link.click()]);
    assert.match(page.url(), /\/all-pages\/$/);
  } finally {
    await context.close();
  }
});

for (const colorScheme of ["light", "dark"]) {
  test(`axe finds nothing on open results (${colorScheme})`, async () => {
    const { context, page } = await open(SITE, { colorScheme });
    try {
      await paste(page, "#paste-input", JS_SDK_ERROR);
      await page.locator("#paste-results .search-hit").first().waitFor();
      await page.locator("#search-input").click();
      await page.keyboard.type("quota", { delay: 20 });
      await page.locator('#search-results[data-query="quota"]').waitFor();
      await page.keyboard.press("ArrowDown");
      // evaluate() is not subject to the page's CSP, so axe can run.
      await page.evaluate(AXE);
      const result = await page.evaluate(() => window.axe.run(document, {
        runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
        resultTypes: ["violations"],
      }));
      const problems = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
}
