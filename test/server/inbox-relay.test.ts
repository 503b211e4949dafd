import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildSocialHubMock } from '../../server/inbox/socialhub-mock.ts';
import { app, bearer, closeDatabases, database, id, keyed, keyOf, visitKeyFor } from './helpers.ts';
import { readEvents } from './sse.ts';

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
  /** Sends as the visitor would: with the key the visit was created with. */
  const send = async (server: FastifyInstance, body: ReturnType<typeof message>) =>
    server.inject({
      method: 'POST',
      url: '/server/inbox/messages',
      payload: body,
      headers: { authorization: `Bearer ${await visitKeyFor(server, body)}` },
    });
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

  it("refuses a message without its visit's token: nobody writes in another visitor's name", async () => {
    const server = await relayApp();
    const sent = message();
    const other = message();
    const refused = await server.inject({
      method: 'POST',
      url: '/server/inbox/messages',
      payload: sent,
      headers: { authorization: `Bearer ${await visitKeyFor(server, other)}` },
    });
    assert.equal(refused.statusCode, 401);
    assert.equal(refused.json().field, 'authorization');
    const bare = await server.inject({
      method: 'POST',
      url: '/server/inbox/messages',
      payload: sent,
    });
    assert.equal(bare.statusCode, 401);
    // The right key for the visit, but another browser's globalVisitID: the key is bound to both.
    const key = await visitKeyFor(server, sent);
    const foreign = await server.inject({
      method: 'POST',
      url: '/server/inbox/messages',
      payload: { ...sent, globalVisitID: other.globalVisitID },
      headers: { authorization: `Bearer ${key}` },
    });
    assert.equal(foreign.statusCode, 401);
    assert.equal(ticketsOf(sent.visitID).length, 0);
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

describe('SocialHub webhooks', () => {
  let mock: Awaited<ReturnType<typeof buildSocialHubMock>>;
  let server: FastifyInstance;
  let base: string;
  let mockUrl: string;
  before(async () => {
    mock = await buildSocialHubMock({ accessToken: TOKEN });
    mockUrl = await mock.app.listen({ port: 0, host: '127.0.0.1' });
    server = await app({
      inbox: { baseUrl: mockUrl, accessToken: TOKEN, duplicateWindowMs: 0, keepPersonalData: true },
    });
    base = await server.listen({ port: 0, host: '127.0.0.1' });
  });
  after(async () => {
    await server.close();
    await mock.app.close();
  });

  const until = async (check: () => boolean, ms = 5000) => {
    const end = Date.now() + ms;
    while (!check() && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 20));
    return check();
  };

  /** A visit the server knows, with its stream open, that has written to the inbox. */
  async function visitorWhoWrote() {
    const visitID = id();
    const globalVisitID = id();
    const pageID = id();
    const event = {
      eventType: 'SYSTEM',
      eventName: 'PageEntered',
      eventID: id(),
      globalVisitID,
      visitID,
      pageID,
      timestamp: Date.now(),
      url: 'https://shop.example/',
      title: 'Shop',
    };
    const ingest = await fetch(`${base}/server/data/events`, {
      method: 'POST',
      body: JSON.stringify(keyed({ events: [event] })),
      headers: { 'content-type': 'text/plain' },
    });
    assert.equal(ingest.status, 200);
    const stream = readEvents(
      await fetch(`${base}/server/notifications/${visitID}`, { headers: bearer(visitID) }),
    );
    const clientMessageId = `m-${id().slice(-12)}`;
    const sent = await fetch(`${base}/server/inbox/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${keyOf(visitID)}` },
      body: JSON.stringify({
        clientMessageId,
        visitID,
        globalVisitID,
        pageID,
        name: 'Ada',
        text: 'Do you ship to Scotland?',
        url: 'https://shop.example/',
      }),
    });
    assert.equal(((await sent.json()) as { status: string }).status, 'delivered');
    const ticket = mock.state.tickets.find(
      (t) => t.interaction.networkItemId === `beckon-${clientMessageId}`,
    );
    assert.ok(ticket);
    return { stream, ticket };
  }

  it('are set up at start: the reply action, and a webhook that passed its challenge test', async () => {
    assert.ok(await until(() => 'webhook' in mock.state.manifest));
    const manifest = mock.state.manifest as {
      inbox?: { ticketActions?: Array<{ id: string; type: string }> };
      webhook?: { url: string; secret: string };
    };
    assert.deepEqual(
      manifest.inbox?.ticketActions?.map((a) => [a.id, a.type]),
      [['reply', 'reply']],
    );
    assert.equal(manifest.webhook?.url, `${base}/server/inbox/webhook`);
    assert.ok((manifest.webhook?.secret.length ?? 0) >= 32);
  });

  it("bring a person's reply to the visitor's page and confirm it", async () => {
    const { stream, ticket } = await visitorWhoWrote();
    const delivered = await mock.sendReply(ticket._id, 'Yes, we do, in two days.');
    assert.deepEqual(delivered, { status: 200, challengeOk: true });
    assert.ok(await stream.until(() => stream.events.length === 1));
    const first = stream.events[0]?.data as { notification: unknown } | undefined;
    const followupId = ticket.replies[0]?.followupId;
    assert.ok(followupId);
    assert.deepEqual(first?.notification, {
      channel: 'beckon.message',
      data: { id: followupId, text: 'Yes, we do, in two days.', from: 'Agent' },
    });
    assert.ok(await until(() => ticket.confirmedReplies.length === 1));
    await stream.cancel();
  });

  it('refuse a tampered call and deliver nothing', async () => {
    const { stream, ticket } = await visitorWhoWrote();
    const refused = await mock.sendReply(ticket._id, 'Tampered on the way', true);
    assert.deepEqual(refused, { status: 401, challengeOk: false });
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(stream.events.length, 0);
    assert.equal(ticket.confirmedReplies.length, 0);
    await stream.cancel();
  });

  it('report a reply they cannot deliver back to SocialHub', async () => {
    const made = await fetch(`${mockUrl}/inbox/tickets?accesstoken=${TOKEN}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        interaction: {
          message: 'From elsewhere',
          networkItemId: 'elsewhere-0001',
          interactor: { interactorId: 'someone', name: 'Someone' },
        },
      }),
    });
    const created = (await made.json()) as { _id: string };
    const ticket = mock.state.tickets.find((t) => t._id === created._id);
    assert.ok(ticket);
    await mock.sendReply(ticket._id, 'Hello?');
    assert.ok(await until(() => ticket.resets.length === 1));
    assert.deepEqual(ticket.resets[0], {
      actionId: 'reply',
      followupId: ticket.replies[0]?.followupId,
      reason: 'unknown visitor',
    });
  });
});
