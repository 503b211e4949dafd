import { expect, type Page, test } from '@playwright/test';
import type { Ids } from '../../src/protocol/ids.ts';
import { engagementServer, eventually, hostSite } from './support/servers.ts';

const idsOf = (page: Page) =>
  page.evaluate(() => new Promise<Ids>((resolve) => window._gt?.push(['getIDs', resolve])));

const path = (url: string) => {
  const { pathname, search } = new URL(url);
  return pathname + search;
};

/** Console errors and uncaught exceptions: a host page must never see one because of Beckon. */
function watchErrors(page: Page) {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`${message.text()} ${message.location().url}`);
  });
  return errors;
}

test('a visit through the demo shop reaches the server exactly as it happened', async ({
  page,
}) => {
  const server = await engagementServer();
  const errors = watchErrors(page);
  try {
    await page.goto(`${server.url}/`);
    await page.getByRole('link', { name: 'Walnut desk lamp' }).click();
    await expect(page.getByRole('heading', { name: 'Walnut desk lamp' })).toBeVisible();
    await page.getByRole('button', { name: 'Add to cart' }).click();
    // Timeout-5: five seconds on the product page, visible and focused, counted from when the DSL
    // has loaded (later than the page on a loaded machine): wait until the server has it.
    const onProduct = await idsOf(page);
    await eventually(
      () => server.visit(onProduct.visitID),
      (v) => v?.events.some((e) => e.eventName === 'Timeout-5') === true,
    );
    await page.getByRole('link', { name: 'Go to checkout' }).click();
    await expect(page.getByRole('heading', { name: 'Checkout' })).toBeVisible();
    await page.getByRole('link', { name: 'Need help? Visit the help centre' }).click();
    // The app's own navigation is a page view once Beckon runs on the page; a visitor who clicks
    // before it has loaded enters at the page they clicked to (so would a slow test machine).
    await expect(page.getByRole('heading', { name: 'Help centre' })).toBeVisible();
    await page.waitForFunction(() => {
      const queue = (window as { _gt?: unknown })._gt;
      return typeof queue === 'object' && queue !== null && !Array.isArray(queue);
    });
    await page.getByRole('link', { name: 'Returns' }).click();
    await expect(page.getByRole('heading', { name: 'Returns' })).toBeVisible();
    const { visitID } = await idsOf(page);

    const expected = [
      ['VisitStarted', '/'],
      ['PageEntered', '/'],
      ['PageExited', '/'],
      ['PageEntered', '/product.html'],
      ['AddToCart', '/product.html'],
      ['Timeout-5', '/product.html'],
      ['PageExited', '/product.html'],
      ['PageEntered', '/checkout.html'],
      ['PageExited', '/checkout.html'],
      ['PageEntered', '/app.html'],
      ['PageExited', '/app.html'],
      ['PageEntered', '/app.html?topic=returns'],
    ];
    const visit = await eventually(
      () => server.visit(visitID),
      (v) => (v?.events.length ?? 0) >= expected.length,
    );
    const events = visit?.events ?? [];
    expect(events.map((e) => [e.eventName, path(e.url)])).toEqual(expected);
    expect(new Set(events.map((e) => e.visitID))).toEqual(new Set([visitID]));
    expect(new Set(events.map((e) => e.eventID)).size).toBe(events.length);
    const pageViews = events.filter((e) => e.eventName === 'PageEntered').map((e) => e.pageID);
    expect(new Set(pageViews).size).toBe(5);
    for (const exited of events.filter((e) => e.eventName === 'PageExited')) {
      expect(pageViews).toContain(exited.pageID);
    }
    expect(events.find((e) => e.eventName === 'AddToCart')?.data).toEqual({
      product: 'Walnut desk lamp',
      sku: 'LAMP-042',
    });
    expect(
      events.find((e) => e.eventName === 'PageEntered' && path(e.url) === '/product.html')
        ?.category,
    ).toBe('Shop');
    expect(visit?.pages.map((p) => path(p.url))).toEqual([
      '/',
      '/product.html',
      '/checkout.html',
      '/app.html',
      '/app.html?topic=returns',
    ]);
    expect(errors).toEqual([]);
  } finally {
    await server.dispose();
  }
});

test('the tracker works under a strict Content-Security-Policy without a single violation', async ({
  page,
}) => {
  const server = await engagementServer();
  const errors = watchErrors(page);
  try {
    await page.goto(`${server.url}/strict.html`);
    await page.getByRole('button', { name: 'Add to cart' }).click();
    const { visitID } = await idsOf(page);
    const visit = await eventually(
      () => server.visit(visitID),
      (v) => (v?.events.length ?? 0) >= 3,
    );
    expect(visit?.events.map((e) => e.eventName)).toEqual([
      'VisitStarted',
      'PageEntered',
      'AddToCart',
    ]);
    expect(visit?.events[2]?.data).toEqual({ product: 'Gift card', sku: 'GIFT-050' });
    expect(errors).toEqual([]);
  } finally {
    await server.dispose();
  }
});

test('events recorded while the server is down for 10 s all arrive once it is back, each exactly once', async ({
  context,
}) => {
  const server = await engagementServer();
  const site = await hostSite();
  try {
    // The host site is another origin; its pages get the endpoint and a record of every event the
    // tracker creates, so the test can compare what the browser made with what the server stored.
    await context.addInitScript((endpoint) => {
      const made = (event: { eventID: string }) => {
        const list = JSON.parse(localStorage.getItem('e2e.made') ?? '[]');
        list.push(event.eventID);
        localStorage.setItem('e2e.made', JSON.stringify(list));
      };
      (window as unknown as { _gt: unknown[] })._gt = [
        ['config', { endpoint }],
        ['on', 'event:*', made],
      ];
    }, server.url);
    const page = await context.newPage();
    await page.goto(`${site.url}/`);
    await page.getByRole('link', { name: 'Walnut desk lamp' }).click();
    await page.getByRole('button', { name: 'Add to cart' }).click();
    const { visitID } = await idsOf(page);
    await eventually(
      () => server.visit(visitID),
      (v) => (v?.events.length ?? 0) >= 5,
    );

    await server.stop();
    const downSince = Date.now();
    await page.getByRole('link', { name: 'Go to checkout' }).click();
    await page.getByRole('link', { name: 'Need help? Visit the help centre' }).click();
    await page.getByRole('link', { name: 'Shipping' }).click();
    await page.getByRole('link', { name: 'Contact' }).click();
    await page.goto(`${site.url}/product.html`);
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await page.waitForTimeout(Math.max(0, 10_000 - (Date.now() - downSince)));
    await server.start();
    await page.getByRole('link', { name: 'Go to checkout' }).click();

    const made = async () =>
      page.evaluate(() => JSON.parse(localStorage.getItem('e2e.made') ?? '[]') as string[]);
    const visit = await eventually(
      async () => ({ stored: await server.visit(visitID), made: await made() }),
      ({ stored, made }) => stored?.events.length === made.length,
      45_000,
    );
    const stored = visit.stored?.events.map((e) => e.eventID) ?? [];
    expect(new Set(stored).size).toBe(stored.length);
    expect([...stored].sort()).toEqual([...visit.made].sort());
    expect(visit.stored?.events.filter((e) => e.eventName === 'AddToCart')).toHaveLength(2);
    expect(visit.stored?.events.filter((e) => e.eventName === 'VisitStarted')).toHaveLength(1);
  } finally {
    await site.close();
    await server.dispose();
  }
});

test('the script and its chunks go out gzip-compressed to a browser that takes gzip', async ({
  page,
}) => {
  const server = await engagementServer();
  try {
    const encodings: Record<string, string | undefined> = {};
    page.on('response', (response) => {
      const path = new URL(response.url()).pathname;
      if (path.endsWith('.js')) encodings[path] = response.headers()['content-encoding'];
    });
    await page.goto(`${server.url}/pricing.html`);
    await page
      .locator('[data-beckon="invitation"]')
      .getByRole('dialog')
      .waitFor({ timeout: 15_000 });
    expect(encodings['/beckon.js']).toBe('gzip');
    expect(encodings['/chunks/engage.js']).toBe('gzip');
    expect(encodings['/chunks/invitation.js']).toBe('gzip');
  } finally {
    await server.dispose();
  }
});
