// Launches Debian's Chromium (or CHROME_PATH) headless with flags that keep it off the network,
// in a fresh profile (Playwright gives every launch a new temporary user-data-dir).
import { chromium } from 'playwright-core';
import { existsSync } from 'node:fs';

export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function chromiumExecutable() {
  const candidates = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  const found = candidates.find((p) => p && existsSync(p));
  if (!found) {
    throw new Error('No Chromium found: install Debian\'s `chromium` package or set CHROME_PATH to a Chrome/Chromium binary');
  }
  return found;
}

export function launchChromium() {
  return chromium.launch({ executablePath: chromiumExecutable(), headless: true, args: CHROMIUM_FLAGS });
}
