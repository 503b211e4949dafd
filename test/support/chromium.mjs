import { existsSync } from 'node:fs';

/**
 * The Chromium every browser test uses: CHROMIUM_PATH, else Debian's /usr/bin/chromium, else
 * (undefined) Playwright's own download where a developer has one. No tool here downloads a browser.
 */
export const executablePath =
  process.env.CHROMIUM_PATH || (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

/** Quiet on a closed network: no sync, no component updates, no background requests. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--no-default-browser-check',
];
