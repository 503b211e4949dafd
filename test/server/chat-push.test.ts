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
  });
}
