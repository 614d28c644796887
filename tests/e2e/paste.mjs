// Pasting as a reader does: focus the box, then a paste event carrying the
// text (as Ctrl+V delivers it); when no handler takes it, the text goes
// into the box as the browser would put it there.

/** Pastes `text` into `selector`, `gap` ms after focusing it. */
export async function paste(page, selector, text, gap = 0) {
  await page.locator(selector).focus();
  if (gap) await page.waitForTimeout(gap);
  await page.evaluate(({ selector, text }) => {
    const target = document.querySelector(selector);
    const data = new DataTransfer();
    data.setData("text/plain", text);
    const event = new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true });
    if (target.dispatchEvent(event)) {
      // No handler took it: insert it as the browser would.
      target.value = text;
      target.dispatchEvent(new Event("input", { bubbles: true }));
    }
  }, { selector, text });
}
