import { randomBytes } from 'node:crypto';
import { expect, type Page, test } from '@playwright/test';
import { buildSocialHubMock } from '../../server/inbox/socialhub-mock.ts';
import type { Ids } from '../../src/protocol/ids.ts';
import { ownSchema } from '../server/helpers.ts';
import { chatTakenByAgent } from './support/chat.ts';
import { findNginx, nginxInFront } from './support/nginx.ts';
import { engagementServer } from './support/servers.ts';

// Two nodes on one PostgreSQL, as in production. Behind nginx running deploy/nginx.conf: the page
// and its stream on node A, the operator's notify calls on node B; node A is killed, the page's
// stream moves to B and misses nothing, and sees nothing twice. And pages on node A while an
// orchestrator's offer, an agent's chat replies and SocialHub's webhook for an inbox reply are
// handled on node B: each reaches the page, once.

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

test("an offer, an agent's replies and an inbox reply handled on node B reach pages on node A, each once", async ({
  browser,
}) => {
  const scope = await ownSchema(database as string);
  const token = randomBytes(24).toString('base64url');
  const socialHub = await buildSocialHubMock({ accessToken: token });
  const inboxUrl = await socialHub.app.listen({ port: 0, host: '127.0.0.1' });
  const env = {
    DATABASE_URL: scope.url,
    BECKON_INBOX_URL: inboxUrl,
    BECKON_INBOX_TOKEN: token,
  };
  const a = await engagementServer(env);
  const b = await engagementServer(env);
  const visitorContext = await browser.newContext();
  const agentContext = await browser.newContext();
  const writerContext = await browser.newContext();
  try {
    // Each node sets the manifest's webhook to itself as it starts: B came last, so SocialHub
    // calls B.
    await expect
      .poll(() => (socialHub.state.manifest.webhook as { url?: string } | undefined)?.url)
      .toBe(`${b.url}/server/inbox/webhook`);
    const engageOnB = (visitID: string, offer: Record<string, string>) =>
      fetch(`${b.url}/server/data/gateway/engage`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ visitID, offer }),
      });

    const visitor = await visitorContext.newPage();
    await visitor.goto(`${a.url}/checkout.html`);
    const chatOffer = { type: 'chat', title: 'From node B', message: 'Questions?', adapter: 'gms' };
    const { visitID } = await idsOf(visitor);
    // The visit reaches the database through A before B can offer to it.
    await expect
      .poll(async () => (await engageOnB(visitID, chatOffer)).status, { timeout: 15_000 })
      .toBe(200);
    const invitation = visitor.locator('[data-beckon="invitation"]').getByRole('dialog');
    await expect(invitation).toContainText('From node B', { timeout: 15_000 });
    await invitation.getByRole('button', { name: 'Start chat' }).click();
    const agent = await agentContext.newPage();
    const chat = await chatTakenByAgent(visitor, agent, b.url);
    await expect(chat.getByRole('status')).toHaveText('You are chatting with Grace.');
    for (const text of ['Hello from node B.', 'Anything else?']) {
      await agent.getByLabel('Reply').fill(text);
      await agent.getByLabel('Reply').press('Enter');
    }
    await expect(chat.getByRole('log')).toContainText('Anything else?');
    await expect(chat.getByRole('log').getByText('Hello from node B.')).toHaveCount(1);
    await expect(invitation).toHaveCount(0);

    // Another visit, offered a message by B: the visitor writes from A, the reply comes through B.
    const writer = await writerContext.newPage();
    await writer.goto(`${a.url}/checkout.html`);
    const written = await idsOf(writer);
    const messageOffer = {
      type: 'message',
      title: 'Write to us?',
      message: 'We answer by message.',
      adapter: 'inbox',
    };
    await expect
      .poll(async () => (await engageOnB(written.visitID, messageOffer)).status, {
        timeout: 15_000,
      })
      .toBe(200);
    await writer
      .locator('[data-beckon="invitation"]')
      .getByRole('button', { name: 'Write to us' })
      .click({ timeout: 15_000 });
    const contact = writer.locator('[data-beckon="contact"]');
    await contact.getByLabel('Name').fill('Grace Hopper');
    await contact.getByLabel(/^Email/).fill('grace@example.com');
    await contact.getByRole('textbox', { name: /^Message/ }).fill('Is the lamp in stock?');
    await contact.getByRole('button', { name: 'Send message' }).click();
    const log = contact.getByRole('log');
    await expect(log.getByText('Sent', { exact: true })).toBeVisible();
    const ticket = socialHub.state.tickets.at(-1);
    expect(ticket?.interaction.message).toContain('Is the lamp in stock?');
    for (const text of ['Yes, two left.', 'Shall we keep one?'])
      expect(await socialHub.sendReply(ticket?._id as string, text)).toEqual({
        status: 200,
        challengeOk: true,
      });
    await expect(log).toContainText('Shall we keep one?');
    await expect(log.getByText('Yes, two left.')).toHaveCount(1);
  } finally {
    await visitorContext.close();
    await agentContext.close();
    await writerContext.close();
    await a.dispose();
    await b.dispose();
    await socialHub.app.close();
    await scope.drop();
  }
});
