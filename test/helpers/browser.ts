import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium, headless, as scripts/ui-screenshots.ts drives it (Playwright's own download is unreachable). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}
