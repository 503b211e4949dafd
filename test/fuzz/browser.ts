// Generated `_gt` commands and notifications in real Chromium, on a page that is hostile to Beckon:
// patched built-ins, a polluted Object.prototype, and a stylesheet with `!important` rules on
// generic selectors. Counted: exceptions thrown into the page, Beckon's own "internal error",
// invitations that do not show, visits whose events never reached the server, and pages that stopped
// hearing their notifications.

import type { Browser, BrowserContext, Page } from '@playwright/test';
import fc from 'fast-check';
import { eventually } from '../e2e/support/servers.ts';

export interface BrowserFuzzReport {
  pages: number;
  commands: number;
  notifications: number;
  pageErrors: string[];
  internalErrors: string[];
  hiddenWidgets: number;
  /** Visits whose events never reached the server. */
  lostVisits: number;
  /** Pages that never got the last notification of their run. */
  deaf: number;
}

/** Rules a hostile or careless site ships; `*` keeps to what leaves the page itself standing. */
export const HOSTILE_CSS = `
div, aside, dialog, section, iframe, form, button, body *, body > *, [data-beckon], [class] {
  display: none !important; visibility: hidden !important; opacity: 0 !important;
  transform: scale(0) !important; filter: blur(20px) !important; clip-path: inset(50%) !important; }
* { position: static !important; z-index: 0 !important; pointer-events: none !important;
  font-size: 0 !important; color: transparent !important; }
main { display: block !important; visibility: visible !important; opacity: 1 !important; }
`;

/** What a page did to the built-ins before Beckon loaded (old libraries, careless code, attacks). */
function hostileGlobals() {
  const push = Array.prototype.push;
  // A push that forgets its return value and leaves a mark.
  Array.prototype.push = function (this: unknown[], ...items: unknown[]) {
    push.apply(this, items);
    return undefined as unknown as number;
  };
  const stringify = JSON.stringify;
  JSON.stringify = ((value: unknown, ...rest: unknown[]) =>
    (stringify as (...args: unknown[]) => string).call(
      JSON,
      value,
      ...rest,
    )) as typeof JSON.stringify;
  for (const [key, value] of Object.entries({
    polluted: 'yes',
    endpoint: 'https://evil.example',
    url: 'javascript:alert(1)',
    adapter: 'evil',
    container: 'body',
    debug: true,
    visitID: 'EVIL',
    html: '<img src=x onerror=alert(1)>',
  }))
    Object.defineProperty(Object.prototype, key, { value, writable: true, configurable: true });
  const fetchFn = window.fetch;
  window.fetch = (...args: Parameters<typeof fetch>) => fetchFn.apply(window, args);
}

const page = (css: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Hostile page</title><style>${css}</style>
<script>var _gt = _gt || []; _gt.push(['config', { invitation: { position: 'bottom-right' } }]);</script>
<script async src="/beckon.js"></script></head>
<body><main><h1>A page that does not make it easy</h1><p>Text.</p></main></body></html>`;

const hex32 = fc
  .uint8Array({ minLength: 16, maxLength: 16 })
  .map((bytes) => Buffer.from(bytes).toString('hex').toUpperCase());
const oddText = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.constantFrom(
    '<img src=x onerror=alert(1)>',
    '\u202Etxet',
    'x'.repeat(5000),
    '',
    '__proto__',
    'javascript:alert(1)',
    '}{',
  ),
);
const anything: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    oddText,
    fc.double(),
    fc.integer(),
    fc.constantFrom(null, undefined, true, false, [], {}),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(
      fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('__proto__', 'constructor')),
      tie('value'),
      { maxKeys: 3 },
    ),
  ),
})).value;

const commandName = fc.oneof(
  fc.constantFrom(
    'config',
    'event',
    'getIDs',
    'on',
    'off',
    'consent',
    'page',
    'adapter',
    'invite',
    'debug',
    'sendSignIn',
    'sendUserInfo',
  ),
  oddText,
);
/**
 * A command as data; `fn` marks where the page would pass a function (made in the page). Never
 * `['consent', false]`: a visitor saying no rightly ends tracking and notifications.
 */
const command = fc
  .oneof(
    fc.tuple(commandName, anything, anything).map(([name, a, b]) => [name, a, b]),
    fc.tuple(commandName, anything).map(([name, a]) => [name, a]),
    fc.tuple(commandName, fc.constant('fn')).map(([name]) => [name, 'fn']),
    fc.tuple(fc.constantFrom('event'), oddText, fc.dictionary(oddText, anything, { maxKeys: 4 })),
    fc.tuple(
      fc.constantFrom('invite'),
      fc.record(
        {
          engagementID: fc.oneof(hex32, oddText),
          type: fc.oneof(fc.constantFrom('chat', 'callback', 'message'), oddText),
          title: oddText,
          message: oddText,
          adapter: fc.oneof(fc.constantFrom('gms', 'frame', 'inbox'), oddText),
          timeoutMs: fc.oneof(fc.integer(), fc.double()),
        },
        { requiredKeys: [] },
      ),
    ),
    anything,
  )
  .filter((c) => !(Array.isArray(c) && c[0] === 'consent' && c[1] !== true));
/** Notifications the server takes (so they reach the page): the right shapes, odd contents. */
const notification = fc.oneof(
  fc.record({
    channel: fc.constant('beckon.invite'),
    data: fc.record({
      engagementID: hex32,
      type: fc.constantFrom('chat', 'callback', 'message'),
      title: oddText.filter((t) => t.length >= 1 && t.length <= 120),
      message: oddText.filter((t) => t.length <= 500),
    }),
  }),
  fc.record({ channel: fc.constant('beckon.revoke'), data: fc.record({ engagementID: hex32 }) }),
  fc.record({
    channel: fc.constant('beckon.message'),
    data: fc.record({ text: oddText.filter((t) => t.length >= 1 && t.length <= 4000) }),
  }),
  fc.record({
    channel: fc.constant('gpe.appendContent'),
    data: fc.record({
      url: fc.constantFrom('https://elsewhere.example/invite.html', '/invitations/custom.html'),
    }),
  }),
  fc.record({
    page: hex32,
    channel: fc.constant('beckon.message'),
    data: fc.record({ text: oddText.filter((t) => t.length >= 1 && t.length <= 4000) }),
  }),
);

async function hostilePage(context: BrowserContext, base: string, report: BrowserFuzzReport) {
  await context.addInitScript(hostileGlobals);
  await context.route(`${base}/fuzz.html`, (route) =>
    route.fulfill({ contentType: 'text/html; charset=utf-8', body: page(HOSTILE_CSS) }),
  );
  const tab = await context.newPage();
  tab.on('pageerror', (error) => report.pageErrors.push(String(error).slice(0, 300)));
  tab.on('console', (message) => {
    if (message.text().includes('internal error'))
      report.internalErrors.push(message.text().slice(0, 300));
  });
  await tab.goto(`${base}/fuzz.html`);
  await tab.waitForFunction(
    () => typeof (window as { _gt?: { tracker?: unknown } })._gt?.tracker === 'object',
  );
  return tab;
}

const visitOf = (tab: Page) =>
  tab.evaluate(
    () =>
      new Promise<string>((resolve) =>
        (window as unknown as { _gt: { push(c: unknown): void } })._gt.push([
          'getIDs',
          (ids: { visitID: string }) => resolve(ids.visitID),
        ]),
      ),
  );

/** The first invitation a fresh visit gets must show, whole and on top, whatever the page's CSS. */
async function invitationShows(tab: Page) {
  await tab.evaluate(() =>
    (window as unknown as { _gt: { push(c: unknown): void } })._gt.push([
      'invite',
      {
        engagementID: 'C0FFEE00C0FFEE00C0FFEE00C0FFEE00',
        type: 'chat',
        title: 'Hello',
        message: 'Chat?',
      },
    ]),
  );
  try {
    await tab.waitForFunction(
      () => {
        const dialog = document
          .querySelector('[data-beckon="invitation"]')
          ?.shadowRoot?.querySelector('[role="dialog"]') as HTMLElement | null | undefined;
        if (!dialog) return false;
        for (const animation of dialog.getAnimations()) animation.finish();
        const box = dialog.getBoundingClientRect();
        const hit = dialog.getRootNode() as ShadowRoot;
        return (
          box.width > 100 &&
          box.height > 40 &&
          dialog.checkVisibility({ opacityProperty: true, visibilityProperty: true }) &&
          dialog.contains(hit.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2))
        );
      },
      undefined,
      { timeout: 10_000 },
    );
    return true;
  } catch {
    return false;
  }
}

export async function fuzzBrowser(options: {
  browser: Browser;
  /** The real server (test/e2e/support/servers.ts), whose visit report tells what arrived. */
  server: { url: string; visit(visitID: string): Promise<unknown> };
  pages: number;
  perPage: number;
  seed: number;
}): Promise<BrowserFuzzReport> {
  const base = options.server.url;
  const report: BrowserFuzzReport = {
    pages: 0,
    commands: 0,
    notifications: 0,
    pageErrors: [],
    internalErrors: [],
    hiddenWidgets: 0,
    lostVisits: 0,
    deaf: 0,
  };
  const commands = fc.sample(command, {
    numRuns: options.pages * options.perPage,
    seed: options.seed,
  });
  const notifications = fc.sample(notification, {
    numRuns: options.pages * options.perPage,
    seed: options.seed + 1,
  });
  for (let n = 0; n < options.pages; n++) {
    const context = await options.browser.newContext();
    try {
      const tab = await hostilePage(context, base, report);
      report.pages++;
      if (!(await invitationShows(tab))) report.hiddenWidgets++;
      const visitID = await visitOf(tab);
      const mine = commands.slice(n * options.perPage, (n + 1) * options.perPage);
      await tab.evaluate((batch) => {
        const gt = (window as unknown as { _gt: { push(c: unknown): void } })._gt;
        for (const item of batch) {
          const made = Array.isArray(item)
            ? item.map((part) => (part === 'fn' ? () => 'called' : part))
            : item;
          try {
            gt.push(made);
          } catch (error) {
            // A push that throws is an exception into the page: counted like one.
            setTimeout(() => {
              throw error;
            });
          }
        }
      }, mine);
      report.commands += mine.length;
      for (const message of notifications.slice(n * options.perPage, (n + 1) * options.perPage)) {
        const sent = await fetch(`${base}/server/data/notification/notify/${visitID}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify([message]),
        });
        if (sent.status === 200) report.notifications++;
      }
      // Everything sent before has been handled once a last message, sent after it, comes through.
      const last = `fuzz-end-${n}`;
      await tab.evaluate(() => {
        const gt = (window as unknown as { _gt: { push(c: unknown): void } })._gt;
        gt.push([
          'on',
          'message',
          (m: { text?: string }) => {
            (window as unknown as { fuzzLast?: string }).fuzzLast = m.text;
          },
        ]);
      });
      await fetch(`${base}/server/data/notification/notify/${visitID}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify([{ channel: 'beckon.message', data: { text: last } }]),
      });
      await tab
        .waitForFunction(
          (text) => (window as unknown as { fuzzLast?: string }).fuzzLast === text,
          last,
          { timeout: 20_000 },
        )
        .catch(() => report.deaf++);
      const stored = await eventually(
        () => options.server.visit(visitID),
        (visit) => visit !== null,
        10_000,
      );
      if (stored === null) report.lostVisits++;
    } finally {
      await context.close();
    }
  }
  return report;
}
