import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { GmsChatAnswer } from '../../src/protocol/gms-service.ts';
import { app, closeDatabases } from './helpers.ts';

after(closeDatabases);

describe('GMS Chat API v2 (contract)', () => {
  let server: FastifyInstance;
  let base: string;
  before(async () => {
    server = await app();
    base = `${await server.listen({ port: 0, host: '127.0.0.1' })}/genesys/2/chat/customer-support`;
  });
  after(() => server.close());

  const form = (url: string, fields: Record<string, string>) =>
    fetch(url, { method: 'POST', body: new URLSearchParams(fields) });
  const multipart = (url: string, fields: Record<string, string>) => {
    const body = new FormData();
    for (const [key, value] of Object.entries(fields)) body.append(key, value);
    return fetch(url, { method: 'POST', body });
  };
  const agent = (path: string, body?: unknown) =>
    fetch(`${base.replace(/\/genesys.*/, '')}/server/agent${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  /** A chat requested with the registration form and Beckon's attached data. */
  async function requestChat(encode = form) {
    const response = await encode(base, {
      firstName: 'Ada',
      lastName: 'Lovelace',
      emailAddress: 'ada@example.com',
      subject: 'Plans',
      text: 'Hello!',
      'userData[visitID]': 'B'.repeat(32),
      'userData[pageID]': 'C'.repeat(32),
      'userData[webengagement]': '',
    });
    assert.equal(response.status, 200);
    const body = GmsChatAnswer.parse(await response.json());
    return body;
  }
  const keys = (chat: { alias: string; secureKey: string; userId: string }) => ({
    alias: chat.alias,
    secureKey: chat.secureKey,
    userId: chat.userId,
  });

  it('requests a chat (form-urlencoded) and answers in the uniform shape', async () => {
    const chat = await requestChat();
    assert.equal(chat.statusCode, 0);
    assert.equal(chat.chatEnded, false);
    assert.ok(chat.chatId && chat.secureKey && chat.userId && chat.alias);
    const refresh = GmsChatAnswer.parse(
      await (
        await form(`${base}/${chat.chatId}/refresh`, { ...keys(chat), transcriptPosition: '1' })
      ).json(),
    );
    assert.deepEqual(
      (refresh.messages ?? []).map((m) => [m.index, m.type, m.from.type, m.text ?? null]),
      [
        [1, 'ParticipantJoined', 'Client', null],
        [2, 'Message', 'Client', 'Hello!'],
      ],
    );
    assert.equal(refresh.messages?.[0]?.from.nickname, 'Ada Lovelace');
    assert.equal(refresh.nextPosition, 3);
    assert.equal(typeof refresh.messages?.[0]?.utcTime, 'number');
  });

  it('accepts multipart bodies too, and keeps the attached data for the agent', async () => {
    const chat = await requestChat(multipart);
    const queue = (await (await agent('/queue')).json()) as {
      chats: Array<{ chatId: string; userData: unknown; client: unknown }>;
    };
    const listed = queue.chats.find((c) => c.chatId === chat.chatId);
    assert.deepEqual(listed?.userData, {
      visitID: 'B'.repeat(32),
      pageID: 'C'.repeat(32),
      webengagement: '',
    });
    assert.deepEqual(listed?.client, {
      nickname: 'Ada Lovelace',
      firstName: 'Ada',
      lastName: 'Lovelace',
      emailAddress: 'ada@example.com',
      subject: 'Plans',
    });
    assert.equal(
      JSON.stringify(queue).includes(chat.secureKey),
      false,
      'the queue never shows secure keys',
    );
  });

  it('carries messages, typing and pushed URLs both ways; an agent taking the chat leaves its alias as it was', async () => {
    const chat = await requestChat();
    const early = await agent(`/chats/${chat.chatId}/send`, { text: 'Hi' });
    assert.equal(early.status, 409, 'an agent writes only after accepting');
    assert.equal((await agent(`/chats/${chat.chatId}/accept`, { agent: 'Grace' })).status, 200);
    const unsafe = await agent(`/chats/${chat.chatId}/push-url`, { url: 'javascript:alert(1)' });
    assert.equal(unsafe.status, 400);
    assert.equal(((await unsafe.json()) as { field: string }).field, 'url');
    assert.equal(
      (
        (await (await agent(`/chats/${chat.chatId}/typing`, { typing: 'yes' })).json()) as {
          field: string;
        }
      ).field,
      'typing',
    );

    // Taking the chat is no failover: the alias the request answered with serves on.
    const after = GmsChatAnswer.parse(
      await (await form(`${base}/${chat.chatId}/send`, { ...keys(chat), message: 'Hi?' })).json(),
    );
    assert.equal(after.statusCode, 0);
    assert.equal(after.alias, chat.alias);
    const current = keys(chat);

    for (const [op, extra] of [
      ['startTyping', {}],
      ['send', { message: 'Which plan fits a studio?' }],
      ['stopTyping', {}],
    ] as const) {
      const answer = GmsChatAnswer.parse(
        await (await form(`${base}/${chat.chatId}/${op}`, { ...current, ...extra })).json(),
      );
      assert.equal(answer.statusCode, 0, op);
    }
    await agent(`/chats/${chat.chatId}/typing`, { typing: true });
    await agent(`/chats/${chat.chatId}/send`, { text: 'Studio, with free repairs.' });
    await agent(`/chats/${chat.chatId}/push-url`, { url: 'https://shop.example/pricing#studio' });

    const refresh = GmsChatAnswer.parse(
      await (
        await form(`${base}/${chat.chatId}/refresh`, { ...current, transcriptPosition: '3' })
      ).json(),
    );
    assert.deepEqual(
      (refresh.messages ?? []).map((m) => [m.type, m.from.type, m.text ?? null]),
      [
        ['ParticipantJoined', 'Agent', null],
        ['Message', 'Client', 'Hi?'],
        ['TypingStarted', 'Client', null],
        ['Message', 'Client', 'Which plan fits a studio?'],
        ['TypingStopped', 'Client', null],
        ['TypingStarted', 'Agent', null],
        ['Message', 'Agent', 'Studio, with free repairs.'],
        ['PushUrl', 'Agent', 'https://shop.example/pricing#studio'],
      ],
    );
    assert.equal(refresh.messages?.[0]?.from.nickname, 'Grace');

    const ended = await agent(`/chats/${chat.chatId}/end`, {});
    assert.equal(ended.status, 200);
    const last = GmsChatAnswer.parse(
      await (
        await form(`${base}/${chat.chatId}/refresh`, {
          ...current,
          transcriptPosition: String(refresh.nextPosition),
        })
      ).json(),
    );
    assert.equal(last.chatEnded, true);
    assert.deepEqual(
      (last.messages ?? []).map((m) => [m.type, m.from.type]),
      [['ParticipantLeft', 'Agent']],
    );
    const afterEnd = GmsChatAnswer.parse(
      await (
        await form(`${base}/${chat.chatId}/send`, { ...current, message: 'still there?' })
      ).json(),
    );
    assert.equal(afterEnd.statusCode, 2);
    assert.equal(afterEnd.chatEnded, true);
  });

  it("carries the agent's picture from their console to the visitor's chat, on their joining, and refuses any but http(s)", async () => {
    const chat = await requestChat();
    for (const avatar of [
      'javascript:alert(1)',
      'data:image/svg+xml,<svg/>',
      '/a.png',
      'https://a b',
    ]) {
      const refused = await agent(`/chats/${chat.chatId}/accept`, { agent: 'Grace', avatar });
      assert.equal(refused.status, 400, avatar);
      assert.equal(((await refused.json()) as { field: string }).field, 'avatar');
    }
    const picture = 'https://shop.example/agents/grace.png';
    const taken = await agent(`/chats/${chat.chatId}/accept`, { agent: 'Grace', avatar: picture });
    assert.equal(taken.status, 200);
    const seen = GmsChatAnswer.parse(
      await (
        await form(`${base}/${chat.chatId}/refresh`, { ...keys(chat), transcriptPosition: '1' })
      ).json(),
    );
    const joined = seen.messages?.find(
      (m) => m.type === 'ParticipantJoined' && m.from.type === 'Agent',
    );
    assert.deepEqual(joined?.userData, { avatar: picture });
    assert.equal(joined?.from.nickname, 'Grace');
  });

  it('refuses a wrong secureKey, names bad fields, and knows its services', async () => {
    const chat = await requestChat();
    const wrong = await form(`${base}/${chat.chatId}/send`, {
      ...keys(chat),
      secureKey: 'guess',
      message: 'x',
    });
    // As GMS answers a chat error: HTTP 200, statusCode 2, errors[]; Beckon names the field too.
    assert.equal(wrong.status, 200);
    const refused = (await wrong.json()) as {
      statusCode: number;
      field: string;
      errors: unknown[];
    };
    assert.equal(refused.statusCode, 2);
    assert.equal(refused.field, 'secureKey');
    assert.ok(refused.errors.length > 0);

    const noName = await form(base, { subject: 'x' });
    assert.equal(noName.status, 200);
    assert.equal(((await noName.json()) as { field: string }).field, 'nickname');
    const badEmail = await form(base, { nickname: 'Ada', emailAddress: 'not-an-email' });
    assert.equal(((await badEmail.json()) as { field: string }).field, 'emailAddress');
    const empty = await form(`${base}/${chat.chatId}/send`, { ...keys(chat), message: '  ' });
    assert.equal(((await empty.json()) as { field: string }).field, 'message');
    assert.equal(
      (await form(base.replace('customer-support', 'nope'), { nickname: 'Ada' })).status,
      404,
    );
    assert.equal((await form(`${base}/${chat.chatId}/explode`, keys(chat))).status, 404);
  });

  it("takes Chat API v2's updateNickname, customNotice and messageType, and the agent sees them", async () => {
    const chat = await requestChat();
    const renamed = GmsChatAnswer.parse(
      await (
        await form(`${base}/${chat.chatId}/updateNickname`, { ...keys(chat), nickname: 'Ada L.' })
      ).json(),
    );
    assert.equal(renamed.statusCode, 0);
    const notice = GmsChatAnswer.parse(
      await (
        await form(`${base}/${chat.chatId}/customNotice`, {
          ...keys(chat),
          message: 'cart: 2 lamps',
        })
      ).json(),
    );
    assert.equal(notice.statusCode, 0);
    const typed = GmsChatAnswer.parse(
      await (
        await form(`${base}/${chat.chatId}/send`, {
          ...keys(chat),
          message: 'hi',
          messageType: 'text',
        })
      ).json(),
    );
    assert.equal(typed.statusCode, 0);
    const badType = (await (
      await form(`${base}/${chat.chatId}/send`, {
        ...keys(chat),
        message: 'hi',
        messageType: '<b>',
      })
    ).json()) as { statusCode: number; field: string };
    assert.deepEqual([badType.statusCode, badType.field], [2, 'messageType']);
    const view = (await (await agent(`/chats/${chat.chatId}`)).json()) as {
      chat: { client: { nickname: string } };
      messages: Array<{ type: string; text?: string; from: { nickname: string } }>;
    };
    assert.equal(view.chat.client.nickname, 'Ada L.');
    assert.deepEqual(
      view.messages.slice(-3).map((m) => [m.type, m.text, m.from.nickname]),
      [
        ['NicknameUpdated', 'Ada L.', 'Ada L.'],
        ['CustomNotice', 'cart: 2 lamps', 'Ada L.'],
        ['Message', 'hi', 'Ada L.'],
      ],
    );
  });

  it('lets the visitor leave: disconnect ends the chat for the agent too', async () => {
    const chat = await requestChat();
    const answer = GmsChatAnswer.parse(
      await (await form(`${base}/${chat.chatId}/disconnect`, keys(chat))).json(),
    );
    assert.equal(answer.chatEnded, true);
    const view = (await (await agent(`/chats/${chat.chatId}`)).json()) as {
      chat: { state: string };
      messages: Array<{ type: string }>;
    };
    assert.equal(view.chat.state, 'ended');
    assert.equal(view.messages.at(-1)?.type, 'ParticipantLeft');
    assert.equal((await agent(`/chats/${chat.chatId}/accept`, { agent: 'Grace' })).status, 404);
  });

  it('answers a broken multipart body, or a NUL in a form field or the path, with a 400 naming it', async () => {
    const truncated = await fetch(base, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
      body: '--x\r\nContent-Disposition: form-data; name="nickname"\r\n\r\nAda\r\n--x\r\nContent-Dis',
    });
    assert.equal(truncated.status, 400);
    assert.equal(((await truncated.json()) as { error: string }).error, 'invalid_multipart');
    const nul = await multipart(base, { nickname: 'A\u0000da' });
    assert.equal(nul.status, 400);
    assert.equal(((await nul.json()) as { field: string }).field, 'nickname');
    const inPath = await fetch(`${base}/%00/refresh`, {
      method: 'POST',
      body: new URLSearchParams({}),
    });
    assert.equal(inPath.status, 400);
    assert.equal(((await inPath.json()) as { field: string }).field, 'params.chatId');
  });
});
