import { expect, type Page, test } from '@playwright/test';
import type { Ids } from '../../src/protocol/ids.ts';
import { ownSchema } from '../server/helpers.ts';
import { findNginx, nginxInFront } from './support/nginx.ts';
import { engagementServer } from './support/servers.ts';

// Two nodes on one PostgreSQL behind nginx running deploy/nginx.conf, as in production: the page
// and its stream on node A, the operator's notify calls on node B. Node A is killed; the page's
// stream moves to B and misses nothing, and sees nothing twice.

const database = process.env.TEST_DATABASE_URL;
test.skip(!database, 'needs TEST_DATABASE_URL (a PostgreSQL server)');
test.skip(!findNginx(), 'needs nginx (.ci/run installs it)');

const idsOf = (page: Page) =>
  page.evaluate(() => new Promise<Ids>((resolve) => window._gt?.push(['getIDs', resolve])));
const heard = (page: Page) => page.evaluate(() => (window as unknown as { heard: string[] }).heard);

test("node A dies while holding the page's stream: node B takes it over and nothing is lost or doubled", async ({
  page,
}) => {
  const scope = await ownSchema(database as string);
  const a = await engagementServer({ DATABASE_URL: scope.url, BECKON_INBOX: 'off' });
  const b = await engagementServer({ DATABASE_URL: scope.url, BECKON_INBOX: 'off' });
  const front = await nginxInFront([a.url, b.url]);
  try {
    await page.goto(`${front.url}/checkout.html`);
    await page.evaluate(() => {
      const list: string[] = [];
      (window as unknown as { heard: string[] }).heard = list;
      window._gt?.push([
        'on',
        'notification:acme.news',
        (data: unknown) => list.push((data as { text: string }).text),
      ]);
    });
    const { visitID } = await idsOf(page);
    const tell = (text: string) =>
      fetch(`${b.url}/server/data/notification/notify/${visitID}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify([{ channel: 'acme.news', data: { text } }]),
      });
    // The visit reaches the database through A before B is told anything about it.
    await expect.poll(async () => (await tell('first')).status, { timeout: 15_000 }).toBe(200);
    await expect.poll(() => heard(page), { timeout: 15_000 }).toEqual(['first']);

    process.kill(a.pid as number, 'SIGKILL');
    expect((await tell('while A is gone')).status).toBe(200);
    await expect.poll(() => heard(page), { timeout: 20_000 }).toEqual(['first', 'while A is gone']);
    expect((await tell('from B, live')).status).toBe(200);
    await expect
      .poll(() => heard(page), { timeout: 15_000 })
      .toEqual(['first', 'while A is gone', 'from B, live']);
  } finally {
    await front.close();
    await a.dispose();
    await b.dispose();
    await scope.drop();
  }
});
