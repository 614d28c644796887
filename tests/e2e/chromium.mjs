// Debian's Chromium through playwright-core, with the flags every browser
// test and benchmark uses (kept apart from browser.mjs, which needs the
// test site and the mock API, so a benchmark can launch it on its own).
import { chromium } from "playwright-core";

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: CHROMIUM_ARGS,
    headless: true,
  });
}
