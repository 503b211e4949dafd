import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildSocialHubMock } from '../../server/inbox/socialhub-mock.ts';
import { app, closeDatabases, database, id } from './helpers.ts';

after(closeDatabases);

const TOKEN = 'channel-jwt-for-tests';

describe('the SocialHub relay', () => {
  let mock: Awaited<ReturnType<typeof buildSocialHubMock>>;
  let mockUrl: string;
  let time = 1_900_000_000_000;
  const waits: number[] = [];
  const servers: FastifyInstance[] = [];

  before(async () => {
    mock = await buildSocialHubMock({ accessToken: TOKEN, now: () => time });
    mockUrl = await mock.app.listen({ port: 0, host: '127.0.0.1' });
  });
  after(async () => {
    for (const server of servers) await server.close();
    await mock.app.close();
  });
  beforeEach(() => {
    waits.length = 0;
    mock.state.failNext.length = 0;
  });

  const relayApp = async (
    overrides: {
      keepPersonalData?: boolean;
      duplicateWindowMs?: number;
      fetch?: typeof fetch;
    } = {},
  ) => {
    const server = await app({
      now: () => time,
      inbox: {
        baseUrl: mockUrl,
        ...(overrides.fetch ? { fetch: overrides.fetch } : {}),
        accessToken: TOKEN,
        duplicateWindowMs: overrides.duplicateWindowMs ?? 90_000,
        keepPersonalData: overrides.keepPersonalData ?? true,
        sleep: async (ms) => {
          waits.push(ms);
        },
      },
    });
    servers.push(server);
    return server;
  };
  const message = (extra: Record<string, unknown> = {}) => ({
    clientMessageId: `m-${id().slice(-12)}`,
    visitID: id(),
    globalVisitID: id(),
    pageID: id(),
    webengagement: true,
    name: 'Ada Lovelace',
    email: 'ada@example.com',
    phone: '+44 20 7946 0000',
    text: 'Do you ship lamps to Scotland?',
    url: 'https://shop.example/help',
    ...extra,
  });
  const send = (server: FastifyInstance, body: unknown) =>
    server.inject({ method: 'POST', url: '/server/inbox/messages', payload: body as object });
  const ticketsOf = (visitID: string) =>
    mock.state.tickets.filter((t) => t.interaction.root?.rootId === `beckon-visit-${visitID}`);

  it('makes a ticket in the visit thread, with the visitor and the attached data where the agent reads', async () => {
    const server = await relayApp();
    const sent = message();
    const response = await send(server, sent);
    assert.deepEqual(response.json(), { status: 'delivered' });
    const [ticket] = ticketsOf(sent.visitID);
    assert.equal(ticket?.interaction.networkItemId, `beckon-${sent.clientMessageId}`);
    assert.deepEqual(ticket?.interaction.interactor, {
      interactorId: sent.globalVisitID,
      name: 'Ada Lovelace',
    });
    assert.equal(ticket?.interaction.url, 'https://shop.example/help');
    assert.match(ticket?.interaction.message ?? '', /^Do you ship lamps to Scotland\?\n\n--\n/);
    assert.match(
      ticket?.interaction.message ?? '',
      new RegExp(
        `visitID: ${sent.visitID}\\npageID: ${sent.pageID}\\nwebengagement: \\(proactive\\)`,
      ),
    );
    const second = await send(server, {
      ...sent,
      clientMessageId: `m-${id().slice(-12)}`,
      text: 'And to Wales?',
    });
    assert.equal(second.json().status, 'delivered');
    assert.equal(ticketsOf(sent.visitID).length, 2, 'both in the visit thread');
  });

  it('makes one ticket when a send is retried after a timeout', async () => {
    // The first answer is lost after SocialHub made the ticket, as a timeout would lose it.
    let lost = false;
    const losing = (async (...args: Parameters<typeof fetch>) => {
      const response = await fetch(...args);
      if (lost) return response;
      lost = true;
      throw new TypeError('network timeout');
    }) as typeof fetch;
    const server = await relayApp({ fetch: losing });
    const sent = message();
    assert.deepEqual((await send(server, sent)).json(), { status: 'duplicate' });
    assert.deepEqual(
      (await send(server, sent)).json(),
      { status: 'duplicate' },
      "the browser's own retry",
    );
    assert.equal(ticketsOf(sent.visitID).length, 1);
    assert.deepEqual(waits, [1000]);
  });

  it('waits for Retry-After on 429 and backs off on 5xx', async () => {
    const server = await relayApp();
    mock.state.failNext.push({ status: 429, retryAfter: 7 }, { status: 500 }, { status: 503 });
    const sent = message();
    assert.deepEqual((await send(server, sent)).json(), { status: 'delivered' });
    assert.deepEqual(waits, [7000, 2000, 4000]);
    assert.equal(ticketsOf(sent.visitID).length, 1);
  });

  it('answers 503 when SocialHub never takes it, and 502 when it refuses for good', async () => {
    const server = await relayApp();
    mock.state.failNext.push(...Array(6).fill({ status: 500 }));
    const down = await send(server, message());
    assert.equal(down.statusCode, 503);
    assert.equal(down.json().error, 'inbox_unavailable');
    const wrongToken = await app({
      inbox: {
        baseUrl: mockUrl,
        accessToken: 'revoked',
        duplicateWindowMs: 0,
        keepPersonalData: true,
        sleep: async () => {},
      },
    });
    servers.push(wrongToken);
    const refused = await send(wrongToken, message());
    assert.equal(refused.statusCode, 502);
    assert.equal(refused.json().error, 'inbox_refused');
  });

  it('does not forward the same text from the same visitor within the window; each repeat restarts it', async () => {
    const server = await relayApp({ duplicateWindowMs: 90_000 });
    const first = message({ text: 'Hello?' });
    const again = (text = 'Hello?') =>
      send(server, { ...first, clientMessageId: `m-${id().slice(-12)}`, text });
    assert.equal((await send(server, first)).json().status, 'delivered');
    time += 60_000;
    assert.equal((await again()).json().status, 'suppressed');
    time += 60_000;
    assert.equal((await again()).json().status, 'suppressed');
    assert.equal((await again('Anyone there?')).json().status, 'delivered');
    time += 90_000;
    assert.equal((await again()).json().status, 'delivered');
    assert.equal(ticketsOf(first.visitID).length, 3);
  });

  it('keeps no email or phone when personal data must not be stored', async () => {
    const db = await database();
    const kept = message();
    await send(await relayApp({ keepPersonalData: true }), kept);
    const forgotten = message();
    await send(await relayApp({ keepPersonalData: false }), forgotten);
    const row = async (sent: { clientMessageId: string }) =>
      (
        await db.query<{ email: string | null; phone: string | null; text: string }>(
          'SELECT email, phone, text FROM inbox_messages WHERE network_item_id = $1',
          [`beckon-${sent.clientMessageId}`],
        )
      ).rows[0];
    assert.deepEqual(await row(kept), {
      email: 'ada@example.com',
      phone: '+44 20 7946 0000',
      text: kept.text,
    });
    assert.deepEqual(await row(forgotten), { email: null, phone: null, text: forgotten.text });
  });

  it('caps a message at 10,000 characters with a clear error, and names other bad fields', async () => {
    const server = await relayApp();
    const long = await send(server, message({ text: 'x'.repeat(10_001) }));
    assert.equal(long.statusCode, 400);
    assert.equal(long.json().field, 'text');
    assert.match(long.json().message, /at most 10,000 characters/);
    assert.equal(
      (await send(server, message({ clientMessageId: 'x' }))).json().field,
      'clientMessageId',
    );
    assert.equal((await send(server, message({ email: 'nope' }))).json().field, 'email');
  });
});
