import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { app, closeDatabases, keyed, visit } from './helpers.ts';
import { readEvents } from './sse.ts';

after(closeDatabases);

const invite = (engagementID: string) => ({
  channel: 'beckon.invite',
  data: { engagementID, type: 'chat', title: 'Hi', message: 'Chat with us?' },
});

describe('the notification stream', () => {
  let server: FastifyInstance;
  let base: string;
  before(async () => {
    server = await app({ heartbeatMs: 200 });
    base = await server.listen({ port: 0, host: '127.0.0.1' });
  });
  after(() => server.close());

  /** A visit the server knows, created with its key as the tracker creates it. */
  async function knownVisit() {
    const v = visit();
    const response = await fetch(`${base}/server/data/events`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify(keyed({ events: [v.event('PageEntered')] })),
    });
    assert.equal(response.status, 200);
    return { ...v, token: v.key };
  }
  const notify = (visitID: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base}/server/data/notification/notify/${visitID}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  const stream = (visitID: string, key: string, lastEventId?: string) =>
    fetch(`${base}/server/notifications/${visitID}`, {
      headers: {
        authorization: `Bearer ${key}`,
        ...(lastEventId ? { 'last-event-id': lastEventId } : {}),
      },
    });

  it("needs the visit's key: knowing a visitID, or having a visit of one's own, is not enough", async () => {
    const v = await knownVisit();
    const other = await knownVisit();
    const refused = await stream(v.ids.visitID, other.token);
    assert.equal(refused.status, 401);
    assert.equal(((await refused.json()) as { field: string }).field, 'authorization');
    const missing = await fetch(`${base}/server/notifications/${v.ids.visitID}`);
    assert.equal(missing.status, 401);
    // The key in the URL, where proxies log it, is not taken.
    const inUrl = await fetch(`${base}/server/notifications/${v.ids.visitID}?token=${v.key}`);
    assert.equal(inUrl.status, 401);
  });

  it('delivers notify messages live, with heartbeats, and replays what a reconnect missed', async () => {
    const v = await knownVisit();
    const first = await stream(v.ids.visitID, v.token);
    assert.equal(first.status, 200);
    assert.match(first.headers.get('content-type') ?? '', /text\/event-stream/);
    const live = readEvents(first);
    assert.equal((await notify(v.ids.visitID, [invite('A'.repeat(32))])).status, 200);
    assert.ok(await live.until(() => live.events.length === 1));
    assert.ok(await live.until(() => live.comments() >= 2, 2000), 'heartbeat comments arrive');
    const lastSeen = live.events[0]?.id as string;
    await live.cancel();

    // While the page is away, two more messages; the reconnect names the last one it saw.
    await notify(v.ids.visitID, [
      invite('B'.repeat(32)),
      { channel: 'beckon.revoke', data: { engagementID: 'B'.repeat(32) } },
    ]);
    const again = readEvents(await stream(v.ids.visitID, v.token, lastSeen));
    assert.ok(await again.until(() => again.events.length === 2));
    const channels = again.events.map(
      (e) => (e.data as { notification: { channel: string } }).notification.channel,
    );
    assert.deepEqual(channels, ['beckon.invite', 'beckon.revoke']);
    assert.ok(Number(again.events[0]?.id) > Number(lastSeen));
    await again.cancel();
  });

  it("carries GWE's gpe.* and a site's own channels as they came, at GWE 8.5's and 8.1.2's paths", async () => {
    const v = await knownVisit();
    const read = readEvents(await stream(v.ids.visitID, v.token));
    const custom = { channel: 'gpe.showBanner', data: { text: 'Free delivery', n: [1, 2] } };
    assert.equal((await notify(v.ids.visitID, [custom])).status, 200);
    const old = await fetch(`${base}/frontend/data/notification/notify/${v.ids.visitID}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ channel: 'shop:cart-reminder' }]),
    });
    assert.equal(old.status, 200);
    assert.ok(await read.until(() => read.events.length === 2));
    assert.deepEqual(
      read.events.map((e) => (e.data as { notification: unknown }).notification),
      [custom, { channel: 'shop:cart-reminder' }],
    );
    await read.cancel();
  });

  it('names what is wrong in a message, in its own channel’s terms', async () => {
    const v = await knownVisit();
    const refused = async (messages: unknown[]) => {
      const response = await notify(v.ids.visitID, messages);
      assert.equal(response.status, 400);
      return ((await response.json()) as { field: string }).field;
    };
    assert.equal(await refused([invite('D'.repeat(32)), { channel: '../etc' }]), '1.channel');
    assert.equal(await refused([{ channel: 'x'.repeat(101) }]), '0.channel');
    assert.equal(await refused([{ channel: 'gpe.x', page: 'nope' }]), '0.page');
    assert.equal(
      await refused([
        { ...invite('E'.repeat(32)), data: { ...invite('E'.repeat(32)).data, title: '' } },
      ]),
      '0.data.title',
    );
    assert.equal(
      await refused([{ channel: 'gpe.appendContent', data: { url: '//evil.example/x' } }]),
      '0.data.url',
    );
  });

  it('keeps HTML in a message as text: the message is data, never markup', async () => {
    const v = await knownVisit();
    const hostile = {
      ...invite('C'.repeat(32)),
      data: { ...invite('C'.repeat(32)).data, title: '<img src=x onerror=alert(1)>' },
    };
    assert.equal((await notify(v.ids.visitID, [hostile])).status, 200);
    const read = readEvents(await stream(v.ids.visitID, v.token));
    assert.ok(await read.until(() => read.events.length === 1));
    const received = read.events[0]?.data as
      | { notification: { data: { title: string } } }
      | undefined;
    assert.equal(received?.notification.data.title, '<img src=x onerror=alert(1)>');
    await read.cancel();
  });
});

describe('the GWE notify REST API', () => {
  let server: FastifyInstance;
  before(async () => {
    server = await app({ notifyToken: 's3cret-token', trustLoopback: false });
  });
  after(() => server.close());

  const notify = (visitID: string, payload: unknown, authorization?: string) =>
    server.inject({
      method: 'POST',
      url: `/server/data/notification/notify/${visitID}`,
      headers: authorization ? { authorization } : {},
      payload: payload as object,
    });
  const known = async () => {
    const v = visit();
    await server.inject({
      method: 'POST',
      url: '/server/data/events',
      payload: keyed({ events: [v.event('PageEntered')] }),
    });
    return v.ids.visitID;
  };

  it('needs the bearer token when one is configured', async () => {
    const visitID = await known();
    const none = await notify(visitID, [invite('A'.repeat(32))]);
    assert.equal(none.statusCode, 401);
    assert.equal(none.json().field, 'authorization');
    assert.equal((await notify(visitID, [invite('A'.repeat(32))], 'Bearer wrong')).statusCode, 401);
    assert.equal(
      (await notify(visitID, [invite('A'.repeat(32))], 'Bearer s3cret-token')).statusCode,
      200,
    );
  });

  it('answers 400 naming the bad message and 404 for an unknown visit', async () => {
    const visitID = await known();
    const auth = 'Bearer s3cret-token';
    const bad = await notify(
      visitID,
      [
        invite('A'.repeat(32)),
        { channel: 'gpe.appendContent', data: { url: 'javascript:alert(1)' } },
      ],
      auth,
    );
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().field, '1.data.url');
    const badChannel = await notify(visitID, [{ channel: '<script>', data: {} }], auth);
    assert.equal(badChannel.statusCode, 400);
    assert.equal(badChannel.json().field, '0.channel');
    assert.equal((await notify(visitID, [], auth)).statusCode, 400);
    assert.equal((await notify('B'.repeat(32), [invite('A'.repeat(32))], auth)).statusCode, 404);
  });
});

describe('the notify REST API without a token', () => {
  it('trusts this machine only when told to, and never a request that came through a proxy', async () => {
    const trusting = await app({ trustLoopback: true });
    const v = visit();
    await trusting.inject({
      method: 'POST',
      url: '/server/data/events',
      payload: keyed({ events: [v.event('PageEntered')] }),
    });
    const notify = (server: typeof trusting, extra: Record<string, unknown> = {}) =>
      server.inject({
        method: 'POST',
        url: `/server/data/notification/notify/${v.ids.visitID}`,
        payload: [invite('A'.repeat(32))],
        ...extra,
      });
    assert.equal((await notify(trusting)).statusCode, 200);
    assert.equal((await notify(trusting, { remoteAddress: '203.0.113.9' })).statusCode, 401);
    // A reverse proxy on this machine: the socket is loopback, the caller is not.
    const proxied = await notify(trusting, { headers: { 'x-forwarded-for': '203.0.113.9' } });
    assert.equal(proxied.statusCode, 401);
    await trusting.close();

    const strict = await app({ trustLoopback: false });
    assert.equal((await notify(strict)).statusCode, 401);
    await strict.close();

    // With the proxy trusted, the client it names decides.
    const behindProxy = await app({ trustLoopback: true, trustProxy: true });
    const local = await notify(behindProxy, { headers: { 'x-forwarded-for': '127.0.0.1' } });
    assert.equal(local.statusCode, 200);
    const remote = await notify(behindProxy, { headers: { 'x-forwarded-for': '203.0.113.9' } });
    assert.equal(remote.statusCode, 401);
    await behindProxy.close();
  });
});
