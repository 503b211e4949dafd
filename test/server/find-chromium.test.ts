import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findChromium, WHAT_TO_INSTALL } from '../support/find-chromium.mjs';

/** A machine described by what exists on it and what installing would bring. */
function machine(files: string[], installs: Record<string, string> = {}) {
  const present = new Set(files);
  const ran: string[] = [];
  return {
    ran,
    exists: (path: string) => present.has(path),
    run: (command: string, args: string[]) => {
      const line = `${command} ${args.join(' ')}`;
      ran.push(line);
      const brings = Object.entries(installs).find(([key]) => line.includes(key))?.[1];
      if (brings) present.add(brings);
      return command === 'apt-get' && args[0] === 'update' ? true : brings !== undefined;
    },
  };
}

describe('finding Chromium for npm test', () => {
  it('takes CHROMIUM_PATH first, and says so when it points nowhere', async () => {
    const m = machine(['/opt/chrome', '/usr/bin/chromium']);
    const given = await findChromium({
      ...m,
      env: { CHROMIUM_PATH: '/opt/chrome' },
      cache: async () => undefined,
    });
    assert.deepEqual(given, { path: '/opt/chrome', how: 'CHROMIUM_PATH' });
    const wrong = await findChromium({
      ...m,
      env: { CHROMIUM_PATH: '/nowhere' },
      cache: async () => undefined,
    });
    assert.match(wrong.error ?? '', /CHROMIUM_PATH is \/nowhere/);
  });

  it("then the system's, then Playwright's cache, installing nothing", async () => {
    const system = machine(['/usr/bin/google-chrome']);
    assert.equal(
      (await findChromium({ ...system, env: {}, cache: async () => undefined })).path,
      '/usr/bin/google-chrome',
    );
    const cached = machine(['/home/me/.cache/ms-playwright/chrome']);
    const found = await findChromium({
      ...cached,
      env: {},
      cache: async () => '/home/me/.cache/ms-playwright/chrome',
    });
    assert.equal(found.how, "Playwright's cache");
    assert.deepEqual([...system.ran, ...cached.ran], []);
  });

  it("installs Debian's as root with apt-get, or Playwright's download elsewhere", async () => {
    const debian = machine(['/usr/bin/apt-get'], {
      'install -y -qq chromium': '/usr/bin/chromium',
    });
    const viaApt = await findChromium({
      ...debian,
      env: {},
      isRoot: true,
      cache: async () => undefined,
    });
    assert.deepEqual(viaApt, { path: '/usr/bin/chromium', how: 'apt-get' });
    const laptop = machine([], { 'playwright install chromium': '/cache/chrome' });
    const viaPlaywright = await findChromium({
      ...laptop,
      env: {},
      isRoot: false,
      cache: async () => (laptop.ran.length ? '/cache/chrome' : undefined),
    });
    assert.deepEqual(viaPlaywright, { path: '/cache/chrome', how: 'playwright install' });
  });

  it('otherwise stops with one line saying what to install', async () => {
    const bare = machine([]);
    const none = await findChromium({
      ...bare,
      env: { PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1', BECKON_NO_INSTALL: '1' },
      isRoot: true,
      cache: async () => undefined,
    });
    assert.deepEqual(none, { error: WHAT_TO_INSTALL });
    assert.doesNotMatch(WHAT_TO_INSTALL, /\n/);
    assert.deepEqual(bare.ran, []);
  });
});
