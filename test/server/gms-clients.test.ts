import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { CALLBACK_CLIENTS } from './fixtures/gms-callback-clients.ts';
import {
  CHAT_CLIENTS,
  type ChatClient,
  type Fields,
  iosLibrary,
} from './fixtures/gms-chat-clients.ts';
import { app, closeDatabases, GMS, injectForm } from './helpers.ts';

// GMS clients that sites already run (fixtures/gms-chat-clients.ts, gms-callback-clients.ts),
// replayed request for request against the real server over HTTP: chats while an agent takes them
// through the agent API, answers and ends them; callbacks booked, read back and cancelled. Beckon's
// own adapter plays no part.

after(closeDatabases);

const APIKEY = 'gateway-key-0042';

interface Answer {
  statusCode: number;
  alias?: string;
  chatId?: string;
  secureKey?: string;
  userId?: string;
  nextPosition?: number;
  chatEnded?: boolean;
  messages?: Array<{ index: number; type: string; text?: string; from: { type: string } }>;
}

interface AgentView {
  chat: { userData: Record<string, string>; state: string };
  messages: Array<{ type: string; text?: string; from: { type: string } }>;
}

describe('GMS Chat API v2 clients that exist', () => {
  // Behind the gateway (BECKON_GMS_APIKEY set) for clients that send its key, and without one.
  const servers: FastifyInstance[] = [];
  const origins = { gateway: '', open: '' };
  before(async () => {
    for (const kind of ['gateway', 'open'] as const) {
      const server = await app({
        gms: { ...GMS, chatServices: ['customer-support', 'request-chat'] },
        ...(kind === 'gateway' ? { gmsApikey: APIKEY } : {}),
      });
      servers.push(server);
      origins[kind] = await server.listen({ port: 0, host: '127.0.0.1' });
    }
  });
  after(() => Promise.all(servers.map((server) => server.close())));

  const agent = async (origin: string, path: string, body?: unknown) => {
    const response = await fetch(`${origin}/server/agent/chats${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    assert.equal(response.status, 200, `agent ${path}: ${await response.clone().text()}`);
    return response.json();
  };

  /** One client's session: what it holds, and its requests as it makes them. */
  function session(client: ChatClient, origin: string) {
    const held = { alias: '', secureKey: '', userId: '', chatId: '', position: 0 };
    const seen = new Map<number, { type: string; text?: string; from: { type: string } }>();
    let ended = false;
    const fill = (fields: Fields, text = '') =>
      Object.fromEntries(
        Object.entries(fields).map(([name, value]) => [
          name,
          value
            .replace('{alias}', held.alias)
            .replace('{secureKey}', held.secureKey)
            .replace('{userId}', held.userId)
            .replace('{position}', String(client.sentPosition(held.position)))
            .replace('{text}', text),
        ]),
      );
    const post = async (path: string, fields: Fields): Promise<Answer> => {
      const response = await fetch(`${origin}${path}`, {
        method: 'POST',
        headers: { ...client.headers, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      });
      assert.equal(response.status, 200, `${path}: ${await response.clone().text()}`);
      const answer = (await response.json()) as Answer;
      if (answer.statusCode === 0) {
        held.position = client.nextPosition(answer, held.position);
        if (client.followsAlias && answer.alias) held.alias = answer.alias;
      }
      for (const message of answer.messages ?? []) seen.set(message.index, message);
      if (answer.chatEnded) ended = true;
      return answer;
    };
    const op = (name: string, fields: Fields, text?: string) =>
      post(
        client.followUpPath.replace('{chatId}', held.chatId).replace('{op}', name),
        fill(fields, text),
      );
    return {
      held,
      seen,
      ended: () => ended,
      start: async () => {
        const answer = await post(client.requestPath, client.request);
        assert.equal(answer.statusCode, 0, JSON.stringify(answer));
        Object.assign(held, {
          alias: answer.alias ?? '',
          secureKey: answer.secureKey ?? '',
          userId: answer.userId ?? '',
          chatId: answer.chatId ?? '',
          position: client.firstPosition(answer),
        });
      },
      refresh: () => op('refresh', client.refresh),
      send: (text: string) => op('send', client.send, text),
      op,
    };
  }

  /** Polls as the client does, until what it has seen passes `check` (a client sees no push). */
  async function until(client: ReturnType<typeof session>, check: () => boolean, what: string) {
    for (let tries = 0; tries < 40 && !check(); tries++) {
      const answer = await client.refresh();
      assert.notEqual(answer.statusCode, 2, `refresh refused while waiting for ${what}`);
    }
    assert.ok(check(), `the client never saw ${what}`);
  }

  for (const fixture of CHAT_CLIENTS) {
    it(`${fixture.name}: sees the agent join, the reply and the end; the agent sees its messages`, async () => {
      const origin = 'apikey' in fixture.headers ? origins.gateway : origins.open;
      const agentAt = (path: string, body?: unknown) => agent(origin, path, body);
      const client = session(fixture, origin);
      await client.start();
      const { chatId } = client.held;
      const waiting = (await agentAt(`/${chatId}`)) as AgentView;
      for (const [key, value] of Object.entries(fixture.request)) {
        const match = /^userData\[(.+)\]$/.exec(key);
        if (match?.[1]) assert.equal(waiting.chat.userData[match[1]], value, `attached ${key}`);
      }

      await agentAt(`/${chatId}/accept`, { agent: 'Grace' });
      await agentAt(`/${chatId}/send`, { text: 'Hello, how can I help?' });
      const fromAgent = (type: string, text?: string) => () =>
        [...client.seen.values()].some(
          (m) =>
            m.from.type === 'Agent' && m.type === type && (text === undefined || m.text === text),
        );
      await until(client, fromAgent('ParticipantJoined'), 'the agent join');
      await until(client, fromAgent('Message', 'Hello, how can I help?'), 'the reply');

      if (fixture.startTyping) await client.op('startTyping', fixture.startTyping, 'Is the');
      const sent = await client.send('Is the lamp dimmable?');
      assert.equal(sent.statusCode, 0, JSON.stringify(sent));
      if (fixture.stopTyping) await client.op('stopTyping', fixture.stopTyping);
      const heard = (await agentAt(`/${chatId}`)) as AgentView;
      const fromClient = heard.messages.filter((m) => m.from.type === 'Client').map((m) => m.type);
      assert.ok(
        heard.messages.some((m) => m.type === 'Message' && m.text === 'Is the lamp dimmable?'),
        'the agent sees the message',
      );
      if (fixture.startTyping) assert.ok(fromClient.includes('TypingStarted'), 'and the typing');

      await agentAt(`/${chatId}/send`, { text: 'Yes, in three steps.' });
      await until(client, fromAgent('Message', 'Yes, in three steps.'), 'the second reply');
      await agentAt(`/${chatId}/end`, {});
      await until(client, () => client.ended() && fromAgent('ParticipantLeft')(), 'the end');

      if (fixture.disconnectsAfterEnd && fixture.disconnect) {
        const bye = await client.op('disconnect', fixture.disconnect);
        assert.equal(bye.statusCode, 0, 'a goodbye after the end is no error');
        assert.equal(bye.chatEnded, true);
      }
      // Every message reached the client exactly in order, none lost.
      const indexes = [...client.seen.keys()].sort((a, b) => a - b);
      assert.deepEqual(
        indexes,
        Array.from({ length: indexes.length }, (_, i) => i + 1),
      );
    });
  }

  it(`${iosLibrary.name}: its chat reaches the agent with its visitor ID, and its disconnect ends it`, async () => {
    const origin = origins.gateway;
    const start = await fetch(`${origin}${iosLibrary.requestPath}`, {
      method: 'POST',
      headers: { apikey: APIKEY },
      body: new URLSearchParams(iosLibrary.request),
    });
    const chat = (await start.json()) as Required<Answer>;
    assert.equal(chat.statusCode, 0);
    const view = (await agent(origin, `/${chat.chatId}`)) as AgentView;
    assert.equal(view.chat.userData.veVisitorId, 'device-7F3A9C');
    await agent(origin, `/${chat.chatId}/accept`, { agent: 'Grace' });
    const fields = Object.fromEntries(
      Object.entries(iosLibrary.disconnect).map(([name, value]) => [
        name,
        value
          .replace('{userId}', chat.userId)
          .replace('{secureKey}', chat.secureKey)
          .replace('{alias}', chat.alias),
      ]),
    );
    const bye = await fetch(
      `${origin}${iosLibrary.disconnectPath.replace('{chatId}', chat.chatId)}`,
      {
        method: 'POST',
        headers: { apikey: APIKEY },
        body: new URLSearchParams(fields),
      },
    );
    assert.equal(((await bye.json()) as Answer).statusCode, 0);
    const ended = (await agent(origin, `/${chat.chatId}`)) as AgentView;
    assert.equal(ended.chat.state, 'ended');
    assert.ok(ended.messages.some((m) => m.type === 'ParticipantLeft' && m.from.type === 'Client'));
  });

  it('without the apikey the gateway key wants, a client is refused, naming the header', async () => {
    const response = await fetch(`${origins.gateway}/genesys/2/chat/customer-support/`, {
      method: 'POST',
      body: new URLSearchParams({ nickname: 'NoKey' }),
    });
    assert.equal(response.status, 401);
    assert.equal(((await response.json()) as { field: string }).field, 'apikey');
  });
});

describe('GMS callback clients that exist', () => {
  const MONDAY_MORNING = Date.parse('2026-11-23T06:00:00.000Z');
  let server: FastifyInstance;
  let origin: string;
  before(async () => {
    server = await app({ now: () => MONDAY_MORNING });
    origin = await server.listen({ port: 0, host: '127.0.0.1' });
  });
  after(() => server.close());

  for (const client of CALLBACK_CLIENTS) {
    it(`${client.name}: books a callback, reads it back by its _id, and cancels it`, async () => {
      const service = GMS.callbackServices[0] ?? 'callback';
      const path = (template: string, id = '') =>
        `${origin}${template.replace('{service}', service).replace('{id}', id)}`;
      let slot = '';
      if (client.availability) {
        const open = (await (await fetch(path(client.availability))).json()) as Record<
          string,
          number
        >;
        slot = Object.keys(open)[0] ?? '';
        assert.ok(slot, 'the service offers a slot');
      }
      const fields = Object.fromEntries(
        Object.entries(client.book.fields).map(([name, value]) => [
          name,
          value.replace('{slot}', slot),
        ]),
      );
      const booked = await fetch(path(client.book.path), {
        method: 'POST',
        headers: {
          ...client.headers,
          'content-type':
            client.encoding === 'json' ? 'application/json' : 'application/x-www-form-urlencoded',
        },
        body:
          client.encoding === 'json'
            ? JSON.stringify(fields)
            : new URLSearchParams(fields).toString(),
      });
      const action = (await booked.json()) as { _id: string; _action: string };
      assert.equal(booked.status, 200, JSON.stringify(action));
      assert.equal(action._action, 'ConfirmationDialog');

      const [record] = (await (await fetch(path(client.query, action._id))).json()) as Array<
        Record<string, string>
      >;
      assert.equal(record?._id, action._id);
      assert.equal(record?._callback_state, slot ? 'SCHEDULED' : 'QUEUED');
      assert.equal(record?._customer_number, fields._customer_number);
      if (slot) assert.equal(record?._desired_time, new Date(slot).toISOString());

      const cancelled = await fetch(path(client.cancel, action._id), {
        method: 'DELETE',
        headers: client.headers,
      });
      assert.equal(cancelled.status, 200, await cancelled.clone().text());
      const [after] = (await (await fetch(path(client.query, action._id))).json()) as Array<
        Record<string, string>
      >;
      assert.equal(after?._callback_state, 'COMPLETED');
      assert.equal(after?._callback_reason, 'CANCELLED');
    });
  }

  it('a caller without the agent rights cannot list callbacks or search them by number', async () => {
    const listing = await fetch(`${origin}/genesys/1/service/callback/callback`, {
      headers: { 'x-forwarded-for': '203.0.113.9' },
    });
    assert.equal(listing.status, 401);
    assert.equal(((await listing.json()) as { field: string }).field, '_id');
  });
});

describe('what clients send beyond the documented', () => {
  let server: FastifyInstance;
  before(async () => {
    server = await app();
  });
  after(() => server.close());

  it('a trailing slash names the same GMS and GWE route, for the route and for its CORS preflight', async () => {
    const booked = await server.inject({
      method: 'POST',
      url: '/genesys/1/service/callback/callback/',
      payload: { _customer_number: '+49 30 5550199' },
    });
    assert.equal(booked.statusCode, 200, booked.body);
    const slots = await server.inject('/genesys/1/service/callback/callback/availability/');
    assert.equal(slots.statusCode, 200, slots.body);
    const notify = await server.inject({
      method: 'POST',
      url: `/server/data/notification/notify/${'A'.repeat(32)}/`,
      payload: [{ channel: 'acme.offers', data: {} }],
    });
    // The route answered (of a visit it does not know), not the router.
    assert.equal(notify.json().field, 'visitID', notify.body);
    const preflight = await server.inject({
      method: 'OPTIONS',
      url: '/genesys/2/chat/customer-support/',
      headers: {
        origin: 'https://shop.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'apikey, content-type',
      },
    });
    assert.equal(preflight.statusCode, 204);
    assert.match(String(preflight.headers['access-control-allow-headers']), /apikey/);
  });
  it('a transcriptPosition past the end reads from the end, and skips nothing written later', async () => {
    const form = (url: string, fields: Record<string, string>) => injectForm(server, url, fields);
    const chat = form('/genesys/2/chat/customer-support', { nickname: 'Ada' });
    const started = (await chat).json() as Required<Answer>;
    const keys = { alias: started.alias, secureKey: started.secureKey, userId: started.userId };
    const refresh = async (position: string) =>
      (
        await form(`/genesys/2/chat/customer-support/${started.chatId}/refresh`, {
          ...keys,
          transcriptPosition: position,
        })
      ).json() as Answer;
    const ahead = await refresh('99');
    assert.equal(ahead.statusCode, 0);
    assert.deepEqual(ahead.messages, []);
    assert.equal(ahead.nextPosition, 2);
    await server.inject({
      method: 'POST',
      url: `/server/agent/chats/${started.chatId}/accept`,
      payload: { agent: 'Grace' },
    });
    const next = await refresh(String(ahead.nextPosition));
    assert.deepEqual(
      next.messages?.map((m) => [m.index, m.type]),
      [[2, 'ParticipantJoined']],
    );
  });
});
