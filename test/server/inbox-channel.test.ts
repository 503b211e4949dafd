import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildSocialHubMock } from '../../server/inbox/socialhub-mock.ts';
import { app, closeDatabases, database, id, visitKeyFor } from './helpers.ts';

after(closeDatabases);

describe("SocialHub's channel-creation callback (reusable manifests)", () => {
  let mock: Awaited<ReturnType<typeof buildSocialHubMock>>;
  let elsewhere: Awaited<ReturnType<typeof buildSocialHubMock>>;
  let server: FastifyInstance;
  let time = Date.now();

  before(async () => {
    const db = await database();
    await db.query('DELETE FROM inbox_channels');
    mock = await buildSocialHubMock({
      accessToken: 'configured-elsewhere',
      channelCreationUrl: 'https://beckon.example/server/inbox/channel',
      now: () => time,
    });
    elsewhere = await buildSocialHubMock({ accessToken: 'other-account', now: () => time });
    const mockUrl = await mock.app.listen({ port: 0, host: '127.0.0.1' });
    // No accessToken: the channel must be connected through the callback.
    server = await app({
      now: () => time,
      inbox: { baseUrl: mockUrl, duplicateWindowMs: 0, keepPersonalData: true },
    });
  });
  after(async () => {
    await server.close();
    await mock.app.close();
  });

  const write = async () => {
    const ids = { globalVisitID: id(), visitID: id(), pageID: id() };
    return server.inject({
      method: 'POST',
      url: '/server/inbox/messages',
      headers: { authorization: `Bearer ${await visitKeyFor(server, ids)}` },
      payload: {
        clientMessageId: `m-${id().slice(-12)}`,
        ...ids,
        name: 'Grace',
        text: 'Is the shop open on Sundays?',
        url: 'https://shop.example/',
      },
    });
  };
  /** The mock's inbox page opens with its key once, then a cookie. */
  const uiCookie = async () => {
    const key = new URL(mock.uiUrl('http://mock')).searchParams.get('key');
    const opened = await mock.app.inject({ url: `/ui/?key=${key}` });
    assert.equal(opened.statusCode, 302);
    assert.equal(opened.headers.location, '/ui/');
    return String(opened.headers['set-cookie']).split(';')[0] as string;
  };

  it("keeps the mock's inbox page and its tickets from whoever reaches the port", async () => {
    for (const url of ['/ui/', '/ui/api/tickets', '/ui/add-channel', '/ui/?key=guess'])
      assert.equal((await mock.app.inject({ url })).statusCode, 401, url);
    const tickets = await mock.app.inject({
      url: '/ui/api/tickets',
      headers: { cookie: await uiCookie() },
    });
    assert.equal(tickets.statusCode, 200);
    assert.doesNotMatch(String(tickets.headers['content-security-policy']), /unsafe-inline/);
  });

  const callback = (token?: string, accept = 'text/html') =>
    server.inject({
      method: 'GET',
      url: `/server/inbox/channel${token === undefined ? '' : `?token=${encodeURIComponent(token)}`}`,
      headers: { accept },
    });

  it('answers 503 while no channel is connected, and leaves the manifest alone', async () => {
    const waiting = await write();
    assert.equal(waiting.statusCode, 503);
    assert.equal(waiting.json().error, 'inbox_unavailable');
    assert.deepEqual(mock.state.manifest, {});
  });

  it('refuses a missing, foreign or expired token with a page that says why', async () => {
    const missing = await callback(undefined, 'application/json');
    assert.equal(missing.statusCode, 400);
    assert.equal(missing.json().field, 'token');
    const forged = await callback('not-a-jwt');
    assert.equal(forged.statusCode, 400);
    assert.match(forged.headers['content-type'] as string, /text\/html/);
    assert.match(forged.body, /not a SocialHub channel-creation token/);
    const expired = mock.issueCreationToken();
    time += 31 * 60_000;
    const late = await callback(expired, 'application/json');
    assert.equal(late.statusCode, 400);
    assert.match(late.json().message, /expired/);
    assert.equal(mock.state.channels.length, 0);
  });

  it('creates the channel with the token, keeps its access token and delivers with it', async () => {
    // SocialHub's "Add channel" sends the person to the callback with a fresh token.
    const added = await mock.app.inject({
      method: 'GET',
      url: '/ui/add-channel',
      headers: { cookie: await uiCookie() },
    });
    assert.equal(added.statusCode, 302);
    const location = new URL(added.headers.location as string);
    assert.equal(
      location.origin + location.pathname,
      'https://beckon.example/server/inbox/channel',
    );
    const connected = await callback(location.searchParams.get('token') ?? '');
    assert.equal(connected.statusCode, 201);
    assert.match(connected.body, /Channel connected/);
    assert.equal(connected.headers['content-security-policy'], "default-src 'none'");
    const [channel] = mock.state.channels;
    assert.ok(channel);
    const { rows } = await (await database()).query<{ access_token: string }>(
      'SELECT access_token FROM inbox_channels WHERE channel_id = $1',
      [channel._id],
    );
    assert.equal(rows[0]?.access_token, channel.accessToken);
    assert.equal((await write()).json().status, 'delivered');
    assert.equal(mock.state.tickets.length, 1);
  });

  it("will not be moved to another SocialHub account's channel", async () => {
    const moved = await callback(elsewhere.issueCreationToken(), 'application/json');
    assert.equal(moved.statusCode, 403);
    assert.equal(moved.json().field, 'token');
    assert.equal((await write()).json().status, 'delivered', 'still writes to the first channel');
  });

  it('a restarted server takes up the connected channel', async () => {
    const restarted = await app({
      inbox: {
        baseUrl: `http://127.0.0.1:${(mock.app.server.address() as { port: number }).port}`,
        duplicateWindowMs: 0,
        keepPersonalData: true,
      },
    });
    const ids = { globalVisitID: id(), visitID: id(), pageID: id() };
    const sent = await restarted.inject({
      method: 'POST',
      url: '/server/inbox/messages',
      headers: { authorization: `Bearer ${await visitKeyFor(restarted, ids)}` },
      payload: {
        clientMessageId: `m-${id().slice(-12)}`,
        ...ids,
        name: 'Grace',
        text: 'Hello again',
        url: '',
      },
    });
    assert.equal(sent.json().status, 'delivered');
    await restarted.close();
  });
});
