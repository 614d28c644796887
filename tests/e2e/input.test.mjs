// What the checker does with what people paste, before any request.
import { test } from "node:test";
import assert from "node:assert/strict";
import { API, KEY_OK, AGENT_OK, fillAndCheck, verdict, classify, sharedBrowser } from "./browser.mjs";

const { withReadyPage: withPage } = sharedBrowser();

test("pasting a whole .env fills the key and the agent id", () => withPage(async ({ page }) => {
  const env = `# ElevenLabs\nELEVENLABS_API_KEY="${KEY_OK}"\nELEVENLABS_AGENT_ID=${AGENT_OK}\n`;
  await page.locator("#checker-key").focus();
  await page.evaluate((text) => {
    const data = new DataTransfer();
    data.setData("text/plain", text);
    document.getElementById("checker-key").dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  }, env);
  assert.equal(await page.locator("#checker-key").inputValue(), KEY_OK);
  assert.equal(await page.locator("#checker-agent").inputValue(), AGENT_OK);
  assert.match(await page.locator("#checker-notes").textContent(), /Filled in the key and agent id from the pasted \.env lines/);
}));

test(".env lines typed into the key field (newlines lost) are split too", () => withPage(async ({ page }) => {
  await page.locator("#checker-key").fill(`ELEVENLABS_API_KEY=${KEY_OK}ELEVENLABS_AGENT_ID=${AGENT_OK}`);
  assert.equal(await page.locator("#checker-key").inputValue(), KEY_OK);
  assert.equal(await page.locator("#checker-agent").inputValue(), AGENT_OK);
}));

test("quotes, Bearer and whitespace are stripped with a note, and the clean key is sent", () => withPage(async ({ page, requests }) => {
  await fillAndCheck(page, { key: `  "Bearer ${KEY_OK}" `, agent: ` ${AGENT_OK} ` });
  const card = await verdict(page);
  assert.equal(card.tone, "success");
  const fixed = card.notes.filter((n) => n.level === "fixed").map((n) => n.text).join(" ");
  assert.match(fixed, /Removed from the key:.*quotes/);
  assert.match(fixed, /Bearer/);
  const [request] = classify(requests).api.filter((r) => r.method === "GET");
  assert.equal(request.headers["xi-api-key"], KEY_OK);
  assert.ok(request.url.endsWith(`?agent_id=${AGENT_OK}`), request.url);
}));

for (const [name, key, agent, field, expected] of [
  ["an empty key", "", AGENT_OK, "key", /Paste your API key/],
  ["an empty agent id", KEY_OK, "", "agent", /Paste your agent id/],
  ["an agent id in the key field", AGENT_OK, AGENT_OK, "key", /key field holds an agent id/],
  ["a key in the agent id field", KEY_OK, KEY_OK, "agent", /agent id field holds an API key/],
  ["a non-ASCII look-alike", KEY_OK.replace("a1", "\u0430" + "1"), AGENT_OK, "key", /non-ASCII character, U\+0430 \(a Cyrillic letter/],
  ["embedded whitespace", KEY_OK.slice(0, 10) + " " + KEY_OK.slice(10), AGENT_OK, "key", /space or line break at position 11/],
  ["a truncated key", KEY_OK.slice(0, 30), AGENT_OK, "key", /27 characters after sk_/],
]) {
  test(`${name} is marked on its field, focus goes there, and nothing is sent`, () => withPage(async ({ page, requests }) => {
    await fillAndCheck(page, { key, agent });
    const card = await verdict(page);
    assert.equal(card.state, "blocked");
    // The message sits beside the field, which says it is invalid and
    // is described by the message; focus moves there.
    assert.match(card.fieldErrors[field], expected);
    assert.deepEqual(card.invalid, [`checker-${field}`]);
    assert.equal(card.focused, `checker-${field}`);
    const described = await page.locator(`#checker-${field}`).getAttribute("aria-describedby");
    assert.ok(described.split(" ").includes(`checker-${field}-error`), described);
    assert.equal(card.status, "Nothing was sent: fix the field marked above.");
    assert.equal(classify(requests).api.length, 0, "a request was sent");
    // Fixed and checked again: the mark goes.
    if (field === "key") {
      await fillAndCheck(page, { key: KEY_OK, agent: AGENT_OK });
      const again = await verdict(page);
      assert.deepEqual(again.invalid, []);
      assert.equal(again.fieldErrors.key, null);
    }
  }));
}

test("both fields marked: both marked, and the status says fields", () => withPage(async ({ page, requests }) => {
  await fillAndCheck(page, { key: "", agent: "my agent" });
  const card = await verdict(page);
  assert.equal(card.state, "blocked");
  assert.deepEqual(card.invalid, ["checker-key", "checker-agent"]);
  assert.equal(card.focused, "checker-key");
  assert.equal(card.status, "Nothing was sent: fix the fields marked above.");
  assert.equal(classify(requests).api.length, 0, "a request was sent");
}));

test("the form does not invite pasting a whole .env, and says where the key goes once", () => withPage(async ({ page }) => {
  const checker = await page.locator("#checker").textContent();
  assert.ok(!/\.env/.test(await page.locator("#checker-form").textContent()), "the form mentions .env");
  // The privacy note appears once.
  assert.equal((checker.match(/not stored/g) ?? []).length, 1, checker);
}));

test("a key of unknown shape is checked anyway, with a warning", () => withPage(async ({ page, requests }) => {
  await fillAndCheck(page, { key: "XYZ0123456789abcdef0123456789abcdef0123", agent: AGENT_OK });
  const card = await verdict(page);
  assert.equal(card.state, "done");
  assert.ok(card.notes.some((n) => n.level === "warning" && /does not look like an ElevenLabs key/.test(n.text)));
  assert.match(card.title, /does not know this key/);
  assert.ok(classify(requests).api.length >= 1);
}));

test("show/hide toggles the key field and says so", () => withPage(async ({ page }) => {
  const key = page.locator("#checker-key");
  const reveal = page.locator("#checker-reveal");
  assert.equal(await key.getAttribute("type"), "password");
  assert.equal(await key.getAttribute("autocomplete"), "off");
  await reveal.click();
  assert.equal(await key.getAttribute("type"), "text");
  assert.equal(await reveal.getAttribute("aria-pressed"), "true");
  assert.equal(await reveal.innerText(), "Hide");
  assert.equal(await page.getByRole("button", { name: "Hide", exact: true }).count(), 1);
  await reveal.click();
  assert.equal(await key.getAttribute("type"), "password");
  assert.equal(await reveal.innerText(), "Show");
}));

test("the host menu offers the five ElevenLabs hosts, default first", () => withPage(async ({ page }) => {
  const values = await page.locator("#checker-host option").evaluateAll((options) => options.map((o) => o.value));
  assert.deepEqual(values.slice(0, 5), [
    "https://api.elevenlabs.io",
    "https://api.us.elevenlabs.io",
    "https://api.eu.residency.elevenlabs.io",
    "https://api.in.residency.elevenlabs.io",
    "https://api.sg.residency.elevenlabs.io",
  ]);
  assert.equal(await page.locator("#checker-host").inputValue(), "https://api.elevenlabs.io");
  assert.ok(values.includes(API));
}));
