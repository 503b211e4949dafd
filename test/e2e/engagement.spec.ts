import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import type { EngagementStats } from '../../src/protocol/engagement.ts';
import type { Ids } from '../../src/protocol/ids.ts';
import { engagementServer, eventually } from './support/servers.ts';

const idsOf = (page: Page) =>
  page.evaluate(() => new Promise<Ids>((resolve) => window._gt?.push(['getIDs', resolve])));

let server: Awaited<ReturnType<typeof engagementServer>>;
test.beforeEach(async () => {
  server = await engagementServer();
});
test.afterEach(async () => {
  await server.dispose();
});

const stats = async (): Promise<EngagementStats> =>
  (await fetch(`${server.url}/server/data/engagements/stats`)).json();
const invitation = (page: Page) => page.locator('[data-beckon="invitation"]').getByRole('dialog');

test('lingering on the pricing page brings an invitation; accepting opens the frame adapter with the IDs', async ({
  page,
}) => {
  await page.goto(`${server.url}/pricing.html`);
  const dialog = invitation(page);
  await expect(dialog).toBeVisible({ timeout: 15_000 });
  await expect(dialog).toHaveAccessibleName('Questions about our plans?');
  const axe = await new AxeBuilder({ page }).include('[data-beckon="invitation"]').analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);

  await dialog.getByRole('button', { name: 'Start chat' }).click();
  await expect(dialog).toBeHidden();
  const frame = page.locator('[data-beckon="frame"] iframe');
  await expect(frame).toBeVisible();
  const { visitID, pageID } = await idsOf(page);
  const src = new URL((await frame.getAttribute('src')) ?? '');
  expect(src.pathname).toBe('/partner/chat.html');
  expect(src.searchParams.get('visitID')).toBe(visitID);
  expect(src.searchParams.get('pageID')).toBe(pageID);
  expect(src.searchParams.get('webengagement')).toBe('');
  const engagementID = src.searchParams.get('engagementID');
  await expect(
    page.frameLocator('[data-beckon="frame"] iframe').locator('[data-key="engagementID"]'),
  ).toHaveText(engagementID ?? 'missing');

  const visit = await eventually(
    () => server.visit(visitID),
    (v) => v?.events.some((e) => e.eventName === 'MediaOpened') ?? false,
  );
  const accepted = visit?.events.find((e) => e.eventName === 'InviteAccepted');
  expect(accepted?.data).toMatchObject({ engagementID, type: 'chat', proactive: true });
  expect(visit?.events.map((e) => e.eventName)).toEqual(
    expect.arrayContaining(['Timeout-5', 'InviteShown', 'InviteAccepted', 'MediaOpened']),
  );
  expect(await stats()).toMatchObject({ offered: 1, shown: 1, accepted: 1 });
});

test('a declined invitation blocks further offers for the visit, and the stats say why', async ({
  page,
}) => {
  await page.goto(`${server.url}/pricing.html`);
  await invitation(page).getByRole('button', { name: 'No thanks' }).click({ timeout: 15_000 });
  await expect(invitation(page)).toBeHidden();
  await page.goto(`${server.url}/pricing.html`);
  const after = await eventually(stats, (s) => (s.blocked.rejected_in_visit ?? 0) >= 1, 20_000);
  expect(after).toMatchObject({
    offered: 1,
    shown: 1,
    rejected: 1,
    blocked: { rejected_in_visit: 1 },
  });
  await expect(invitation(page)).toHaveCount(0);
});

test('a GWE notify call with gpe.appendContent shows the custom invitation, and its accept is reported', async ({
  page,
}) => {
  await page.goto(`${server.url}/`);
  const { visitID } = await idsOf(page);
  await eventually(
    () => server.visit(visitID),
    (v) => v !== null,
  );
  // The server has the page's events, so its stream is let in; replay would cover a late one.
  await page.waitForFunction(() => localStorage.getItem('beckon.outbox') === '[]');
  const response = await fetch(`${server.url}/server/data/notification/notify/${visitID}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify([
      {
        channel: 'gpe.appendContent',
        data: { url: `${server.url}/invitations/custom.html`, method: 'GET', container: 'body' },
      },
    ]),
  });
  expect(response.status).toBe(200);
  const custom = page.frameLocator('iframe[title="Invitation"]');
  await custom.getByRole('button', { name: "Yes, let's talk" }).click({ timeout: 15_000 });
  await expect(page.locator('iframe[title="Invitation"]')).toHaveCount(0);
  const visit = await eventually(
    () => server.visit(visitID),
    (v) => v?.events.some((e) => e.eventName === 'InviteAccepted') ?? false,
  );
  expect(visit?.events.map((e) => e.eventName)).toEqual(
    expect.arrayContaining(['InviteShown', 'InviteAccepted']),
  );
  await expect(page.locator('[data-beckon="frame"] iframe')).toBeVisible();
});

test("GWE's inviteGMS.html, named by its path on the engagement server, chooses the GMS chat; the visitor's identity and the page's fields reach the agent", async ({
  browser,
}) => {
  const visitor = await browser.newPage();
  await visitor.goto(`${server.url}/`);
  await visitor.evaluate(() =>
    window._gt?.push([
      'event',
      'SignIn',
      { data: { email: 'ada@example.com', firstName: 'Ada', account: { id: 7 } } },
    ]),
  );
  const { visitID } = await idsOf(visitor);
  await visitor.waitForFunction(() => localStorage.getItem('beckon.outbox') === '[]');
  const response = await fetch(`${server.url}/server/data/notification/notify/${visitID}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify([
      {
        channel: 'gpe.appendContent',
        data: { url: '/server/api/resources/v1/inviteGMS.html' },
      },
    ]),
  });
  expect(response.status).toBe(200);
  await visitor
    .frameLocator('iframe[title="Invitation"]')
    .getByRole('button', { name: 'Chat now' })
    .click({ timeout: 15_000 });
  const chat = visitor.locator('[data-beckon="chat"]');
  await chat.getByLabel(/^Your name/).fill('Ada Lovelace');
  await chat.getByRole('button', { name: 'Start chat' }).click();

  const agent = await browser.newPage();
  await agent.goto(`${server.url}/agent/`);
  await agent.getByRole('button', { name: /Ada Lovelace \(waiting\)/ }).click();
  const shows = (key: string) => agent.locator(`dd[data-key="${key}"]`);
  await expect(shows('invitation')).toHaveText('inviteGMS');
  await expect(shows('email')).toHaveText('ada@example.com');
  await expect(shows('firstName')).toHaveText('Ada');
  await expect(shows('timezoneOffset')).toHaveText(/^-?\d+$/);
  await expect(shows('languageCode')).not.toBeEmpty();
  await expect(shows('visitID')).toHaveText(visitID);
  await expect(shows('webengagement')).toHaveText('(present: proactive)');
  await expect(shows('account')).toHaveCount(0);
  const visit = await eventually(
    () => server.visit(visitID),
    (v) => v?.events.some((e) => e.eventName === 'MediaOpened') ?? false,
  );
  expect(visit?.events.find((e) => e.eventName === 'MediaOpened')?.data).toMatchObject({
    adapter: 'gms',
  });
});

test('a custom invitation nobody answers times out like the overlay, not while the pointer rests on it', async ({
  page,
}) => {
  await page.goto(`${server.url}/`);
  const { visitID } = await idsOf(page);
  await page.waitForFunction(() => localStorage.getItem('beckon.outbox') === '[]');
  await fetch(`${server.url}/server/data/notification/notify/${visitID}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify([
      { channel: 'gpe.appendContent', data: { url: '/invitations/custom.html', timeoutMs: 5000 } },
    ]),
  });
  const frame = page.locator('iframe[title="Invitation"]');
  // Once its page is up (its helper has the context), the pointer comes to rest on it.
  await expect(
    page.frameLocator('iframe[title="Invitation"]').getByRole('button', { name: 'Not now' }),
  ).toBeVisible({ timeout: 15_000 });
  const shownAt = Date.now();
  await frame.hover();
  // Held past its 5 s while hovered: it is still there once the pointer has rested 7 s.
  await page.waitForTimeout(7000);
  await expect(frame).toBeVisible();
  await page.mouse.move(0, 0, { steps: 20 });
  await expect(frame).toHaveCount(0, { timeout: 15_000 });
  expect(Date.now() - shownAt).toBeGreaterThan(7000);
  const visit = await eventually(
    () => server.visit(visitID),
    (v) => v?.events.some((e) => e.eventName === 'InviteTimedOut') ?? false,
  );
  expect(visit?.events.map((e) => e.eventName)).toContain('InviteTimedOut');
});

test("a GWE gpe.* or site channel reaches the page's notification listeners as sent, and loads nothing more", async ({
  page,
}) => {
  const chunks: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/chunks/')) chunks.push(request.url());
  });
  await page.goto(`${server.url}/checkout.html`);
  await page.evaluate(() => {
    const heard: unknown[] = [];
    (window as unknown as { heard: unknown[] }).heard = heard;
    window._gt?.push(['on', 'notification:gpe.showBanner', (data: unknown) => heard.push(data)]);
  });
  const { visitID } = await idsOf(page);
  await page.waitForFunction(() => localStorage.getItem('beckon.outbox') === '[]');
  const response = await fetch(`${server.url}/frontend/data/notification/notify/${visitID}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify([{ channel: 'gpe.showBanner', data: { text: 'Free delivery today' } }]),
  });
  expect(response.status).toBe(200);
  await page.waitForFunction(
    () => (window as unknown as { heard: unknown[] }).heard.length > 0,
    null,
    {
      timeout: 15_000,
    },
  );
  expect(await page.evaluate(() => (window as unknown as { heard: unknown[] }).heard)).toEqual([
    { text: 'Free delivery today' },
  ]);
  expect(chunks.filter((url) => url.includes('engage'))).toEqual([]);
});

/** What a tab's `message` listeners heard, from when `listen` was called. */
const listen = (page: Page) =>
  page.evaluate(() => {
    (window as unknown as { heard: string[] }).heard = [];
    window._gt?.push([
      'on',
      'message',
      (m: { text: string }) => (window as unknown as { heard: string[] }).heard.push(m.text),
    ]);
  });
const heard = (page: Page) => page.evaluate(() => (window as unknown as { heard: string[] }).heard);
const notifyText = (visitID: string, text: string) =>
  fetch(`${server.url}/server/data/notification/notify/${visitID}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify([{ channel: 'beckon.message', data: { text } }]),
  });

test('two tabs of one visit hold one stream between them', async ({ context }) => {
  const streams: string[] = [];
  context.on('request', (request) => {
    if (request.url().includes('/server/notifications/')) streams.push(request.url());
  });
  const first = await context.newPage();
  await first.goto(`${server.url}/`);
  await first.waitForFunction(() => localStorage.getItem('beckon.outbox') === '[]');
  const second = await context.newPage();
  await second.goto(`${server.url}/checkout.html`);
  await listen(first);
  await listen(second);
  const { visitID } = await idsOf(second);
  expect((await idsOf(first)).visitID).toBe(visitID);
  await expect.poll(() => streams.length).toBe(1);

  await notifyText(visitID, 'hello both');
  await expect.poll(() => heard(first)).toEqual(['hello both']);
  await expect.poll(() => heard(second)).toEqual(['hello both']);
  expect(streams).toHaveLength(1);

  // The tab holding the stream closes: the other takes over and misses nothing.
  await first.close();
  await expect.poll(() => streams.length, { timeout: 10_000 }).toBe(2);
  await notifyText(visitID, 'still here');
  await expect.poll(() => heard(second)).toEqual(['hello both', 'still here']);
});

test('a tab still loading its stream hears what the other tab received since it opened', async ({
  context,
}) => {
  const first = await context.newPage();
  await first.goto(`${server.url}/`);
  await first.waitForFunction(() => localStorage.getItem('beckon.outbox') === '[]');
  await listen(first);
  const { visitID } = await idsOf(first);
  const oldMessage = 'before the second tab';
  await notifyText(visitID, oldMessage);
  await expect.poll(() => heard(first)).toEqual([oldMessage]);

  // The second tab's stream chunk is held back until the message below has been shared.
  const second = await context.newPage();
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    second.route('**/chunks/stream.js', async (route) => {
      resolve();
      await new Promise<void>((go) => {
        release = go;
      });
      await route.continue();
    });
  });
  await second.goto(`${server.url}/checkout.html`);
  await held;
  await listen(second);
  await notifyText(visitID, 'while it loads');
  await expect.poll(() => heard(first)).toEqual([oldMessage, 'while it loads']);
  release();
  await expect.poll(() => heard(second)).toEqual(['while it loads']);
});
