import { expect, type Page, test } from '@playwright/test';
import type { Ids } from '../../src/protocol/ids.ts';
import { engagementServer, eventually } from './support/servers.ts';

// A visitor forgets themselves from their own browser: the server holds nothing of them after it,
// and Beckon keeps nothing on the device.

const idsOf = (page: Page) =>
  page.evaluate(() => new Promise<Ids>((resolve) => window._gt?.push(['getIDs', resolve])));

test("['forget'] erases the visitor on the server and on the device; another visitor is kept", async ({
  browser,
}) => {
  const server = await engagementServer();
  const held = async (globalVisitID: string) =>
    (await (await fetch(`${server.url}/server/data/visitors/${globalVisitID}`)).json()) as {
      events: unknown[];
      visits: unknown[];
    };
  try {
    const other = await browser.newContext();
    const kept = await other.newPage();
    await kept.goto(`${server.url}/product.html`);
    const keptIds = await idsOf(kept);

    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${server.url}/product.html`);
    await page.evaluate(() =>
      window._gt?.push(['event', 'UserInfo', { data: { email: 'forget.me@example.com' } }]),
    );
    const { globalVisitID } = await idsOf(page);
    const before = await eventually(
      () => held(globalVisitID),
      (data) => data.events.length >= 3,
    );
    expect(before.events.length).toBeGreaterThanOrEqual(3);

    await page.evaluate(() => window._gt?.push(['forget']));
    const after = await eventually(
      () => held(globalVisitID),
      (data) => data.visits.length === 0,
    );
    expect(after).toMatchObject({ visits: [], events: [] });
    const left = await page.evaluate(() =>
      Object.keys(localStorage).filter((key) => key.startsWith('beckon.')),
    );
    expect(left).toEqual([]);
    expect(errors).toEqual([]);
    expect((await held(keptIds.globalVisitID)).visits).toHaveLength(1);
    await other.close();
    await context.close();
  } finally {
    await server.dispose();
  }
});
