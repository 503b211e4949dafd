import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Answer } from '../../server/gms/chat-answers.ts';
import { app, closeDatabases, flakyDatabase, injectForm, keyed, visit } from './helpers.ts';

// While the database is away (a restart, a cut), callers are told to come back in a moment, and
// nothing they sent is lost: they send it again, and it is stored once the database is back.

after(closeDatabases);

describe('the database away', () => {
  let server: FastifyInstance;
  let away: (is: boolean) => void;
  before(async () => {
    const flaky = await flakyDatabase();
    away = flaky.away;
    server = await app({ db: flaky.db });
  });
  after(() => server.close());

  it('answers 503 with Retry-After, and the same batch is stored once it is back', async () => {
    const v = visit();
    const payload = keyed({ events: [v.event('PageEntered'), v.event('Search')] });
    const send = () => server.inject({ method: 'POST', url: '/server/data/events', payload });
    away(true);
    const refused = await send();
    away(false);
    assert.equal(refused.statusCode, 503);
    assert.equal(refused.headers['retry-after'], '2');
    assert.equal(refused.json().error, 'unavailable');
    const stored = await send();
    assert.equal(stored.statusCode, 200);
    assert.equal(stored.json().accepted.length, 2);
  });

  it('answers a GMS chat client statusCode 1, retry, as GMS clients expect, and goes on where it was once back', async () => {
    const form = (url: string, fields: Record<string, string>) => injectForm(server, url, fields);
    const chat = (
      await form('/genesys/2/chat/customer-support', { nickname: 'Ada', text: 'Hi' })
    ).json() as Answer;
    const keys = { alias: chat.alias, secureKey: chat.secureKey, userId: chat.userId };
    away(true);
    const busy = await form(`/genesys/2/chat/customer-support/${chat.chatId}/refresh`, {
      ...keys,
      transcriptPosition: '1',
    });
    away(false);
    assert.equal(busy.statusCode, 200);
    assert.equal(busy.json().statusCode, 1);
    assert.equal(busy.headers['retry-after'], '2');
    const back = await form(`/genesys/2/chat/customer-support/${chat.chatId}/refresh`, {
      ...keys,
      transcriptPosition: '1',
    });
    assert.deepEqual(
      (back.json() as Answer).messages?.map((m) => m.type),
      ['ParticipantJoined', 'Message'],
    );
  });
});
