// Finds the Chromium the browser tests drive, or installs one where that is allowed, so that
// `npm install && npm test` works on a machine with nothing but Node. No tool downloads its own
// browser unless nothing else is there and the network allows it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const SYSTEM_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

export const WHAT_TO_INSTALL =
  'npm test needs Chromium: install it (Debian/Ubuntu: sudo apt-get install chromium; ' +
  'elsewhere: npx playwright install chromium) or set CHROMIUM_PATH to its executable';

/** Playwright's own download, where a developer has one (`npx playwright install chromium`). */
async function playwrightCache() {
  try {
    const { chromium } = await import('playwright-core');
    return chromium.executablePath();
  } catch {
    return undefined;
  }
}

/**
 * The browser, in this order: CHROMIUM_PATH; a system Chromium or Chrome; Playwright's cache; then,
 * installed: the system package (as root with apt-get, unless BECKON_NO_INSTALL is set), or
 * Playwright's download (unless PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD is set, as CI does).
 * `{ path, how }`, or `{ error }` with one line saying what to install.
 */
export async function findChromium({
  env = process.env,
  exists = existsSync,
  run = (command, args) => spawnSync(command, args, { stdio: 'inherit' }).status === 0,
  cache = playwrightCache,
  isRoot = process.getuid?.() === 0,
} = {}) {
  if (env.CHROMIUM_PATH) {
    return exists(env.CHROMIUM_PATH)
      ? { path: env.CHROMIUM_PATH, how: 'CHROMIUM_PATH' }
      : {
          error: `CHROMIUM_PATH is ${env.CHROMIUM_PATH}, which does not exist; ${WHAT_TO_INSTALL}`,
        };
  }
  const found = () => SYSTEM_PATHS.find((path) => exists(path));
  const system = found();
  if (system) return { path: system, how: 'the system' };
  const cached = await cache();
  if (cached && exists(cached)) return { path: cached, how: "Playwright's cache" };
  if (!env.BECKON_NO_INSTALL && isRoot && exists('/usr/bin/apt-get')) {
    console.log("▶ no Chromium found: installing Debian's (apt-get install chromium)");
    if (run('apt-get', ['update', '-qq']) && run('apt-get', ['install', '-y', '-qq', 'chromium'])) {
      const installed = found();
      if (installed) return { path: installed, how: 'apt-get' };
    }
  }
  if (!env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD) {
    console.log('▶ no Chromium found: trying npx playwright install chromium');
    if (run('npx', ['playwright', 'install', 'chromium'])) {
      const downloaded = await cache();
      if (downloaded && exists(downloaded)) return { path: downloaded, how: 'playwright install' };
    }
  }
  return { error: WHAT_TO_INSTALL };
}
