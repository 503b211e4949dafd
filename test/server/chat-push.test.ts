import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { AgentChange } from '../../src/protocol/agent.ts';
import type { StreamMessage } from '../../src/protocol/notify.ts';
import { app, BACKENDS, closeDatabases, keyed, visit } from './helpers.ts';
import { readEvents } from './sse.ts';

// What changes in a chat is pushed, so neither side has to poll for it: the visit's stream nudges
// the visitor's chat for what the agent does (and not for what the visitor did), and the agents'
// event stream tells the console of every change to a chat.

after(closeDatabases);

for (const backend of BACKENDS) {
  describe(`chat changes pushed (${backend.name})`, () => {
    let server: FastifyInstance;
    let url: string;
    before(async () => {
      server = await app({ backend });
      url = await server.listen({ port: 0, host: '127.0.0.1' });
    });
    after(() => server.close());

    const form = (path: string, fields: Record<string, string>) =>
      fetch(`${url}${path}`, { method: 'POST', body: new URLSearchParams(fields) });
    const agent = (path: string, body: unknown) =>
      fetch(`${url}/server/agent${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });

    it("nudges the visitor's chat for what the agent does, and tells agents of every change", async () => {
      const v = visit();
      const started = await fetch(`${url}/server/data/events`, {
        method: 'POST',
        body: JSON.stringify(keyed({ events: [v.event('PageEntered')] })),
      });
      assert.equal(started.status, 200);
      const page = readEvents(
        await fetch(`${url}/server/notifications/${v.ids.visitID}`, {
          headers: { authorization: `Bearer ${v.key}` },
        }),
      );
      const desk = readEvents(await fetch(`${url}/server/agent/events`));
      const changes = () => desk.events.map((e) => e.data as AgentChange);
      const channels = () => page.events.map((e) => (e.data as StreamMessage).notification.channel);

      const chat = await (
        await form('/genesys/2/chat/customer-support', {
          firstName: 'Ada',
          lastName: 'Lovelace',
          'userData[visitID]': v.ids.visitID,
        })
      ).json();
      const keys = { alias: chat.alias, secureKey: chat.secureKey, userId: chat.userId };
      const toldOfChat = (n: number) => () =>
        changes().filter((c) => 'chatId' in c && c.chatId === chat.chatId).length >= n;
      assert.ok(await desk.until(toldOfChat(1)), 'agents hear of the new chat');
      const heard = changes().length;
      await form(`/genesys/2/chat/customer-support/${chat.chatId}/send`, {
        ...keys,
        message: 'Which plan fits a studio?',
      });
      assert.ok(await desk.until(() => changes().length > heard), "and of the visitor's message");

      // Nothing was said to the page for the visitor's own doings: the marker comes first.
      await fetch(`${url}/server/data/notification/notify/${v.ids.visitID}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify([{ channel: 'beckon.message', data: { text: 'marker' } }]),
      });
      assert.ok(await page.until(() => channels().includes('beckon.message')));
      assert.deepEqual(channels(), ['beckon.message']);

      assert.equal((await agent(`/chats/${chat.chatId}/accept`, { agent: 'Grace' })).status, 200);
      assert.ok(await page.until(() => channels().includes('beckon.chat')), 'the agent joined');
      const nudge = page.events.at(-1)?.data as StreamMessage;
      assert.deepEqual(nudge.notification.data, { chatId: chat.chatId });
      const nudges = channels().length;
      assert.equal(
        (await agent(`/chats/${chat.chatId}/send`, { text: 'The Studio plan.' })).status,
        200,
      );
      assert.ok(await page.until(() => channels().length > nudges), "the agent's message");
      await page.cancel();
      await desk.cancel();
    });

    it('a chat naming another visit tells that visit only its chat ID, which opens nothing', async () => {
      const victim = visit();
      await fetch(`${url}/server/data/events`, {
        method: 'POST',
        body: JSON.stringify(keyed({ events: [victim.event('PageEntered')] })),
      });
      const page = readEvents(
        await fetch(`${url}/server/notifications/${victim.ids.visitID}`, {
          headers: { authorization: `Bearer ${victim.key}` },
        }),
      );
      // The attacker knows only the victim's visitID, and names it in their own chat.
      const forged = await (
        await form('/genesys/2/chat/customer-support', {
          nickname: 'Mallory',
          'userData[visitID]': victim.ids.visitID,
          'userData[pageID]': victim.ids.pageID,
        })
      ).json();
      await form(`/genesys/2/chat/customer-support/${forged.chatId}/send`, {
        alias: forged.alias,
        secureKey: forged.secureKey,
        userId: forged.userId,
        message: 'Please read me my order history',
      });
      const accepted = await agent(`/chats/${forged.chatId}/accept`, { agent: 'Grace' });
      assert.equal(accepted.status, 200, await accepted.text());
      await agent(`/chats/${forged.chatId}/send`, { text: 'Your order history: …' });

      const nudges = () =>
        page.events.filter((e) => (e.data as StreamMessage).notification.channel === 'beckon.chat');
      assert.ok(await page.until(() => nudges().length >= 2), 'the join and the reply');
      for (const e of nudges())
        assert.deepEqual((e.data as StreamMessage).notification.data, { chatId: forged.chatId });
      assert.ok(
        !JSON.stringify(page.events).includes('order history'),
        'no word of the chat reaches the visit named',
      );

      // The chat ID alone reads nothing of the chat: GMS asks for the keys its start answered with.
      for (const keys of [
        {},
        { alias: forged.alias, userId: forged.userId, secureKey: 'guessed' },
        { alias: forged.alias, secureKey: forged.secureKey, userId: 'guessed' },
      ]) {
        const read = await form(
          `/genesys/2/chat/customer-support/${forged.chatId}/refresh`,
          keys as Record<string, string>,
        );
        const body = await read.text();
        // GMS answers a refused request with HTTP 200 and a statusCode other than 0.
        assert.notEqual(JSON.parse(body).statusCode, 0, `refresh with ${JSON.stringify(keys)}`);
        assert.ok(!body.includes('order history'), body);
      }
      const own = await form(`/genesys/2/chat/customer-support/${forged.chatId}/refresh`, {
        alias: forged.alias,
        secureKey: forged.secureKey,
        userId: forged.userId,
      });
      assert.ok((await own.text()).includes('order history'), 'its own keys read it');
      await page.cancel();
    });
  });
}
