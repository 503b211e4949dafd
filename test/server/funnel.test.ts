import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import {
  app,
  BACKENDS,
  bearer,
  closeDatabases,
  database,
  injectForm,
  keyed,
  visit,
} from './helpers.ts';

// A scripted stretch of visits with known offers, blocks, answers and a chat: the funnel shows
// exactly that, in total, by rule and in the current hour.

after(closeDatabases);

async function send(server: FastifyInstance, events: object[]) {
  const sent = await server.inject({
    method: 'POST',
    url: '/server/data/events',
    payload: keyed({ events: events as Array<{ visitID: string }> }),
  });
  assert.equal(sent.statusCode, 200, sent.body);
}

/** A visitor who searches (the rule lamp-search offers a chat) and the offer's ID. */
async function offered(server: FastifyInstance) {
  const v = visit();
  await send(server, [v.event('VisitStarted'), v.event('PageEntered'), v.event('Search')]);
  const list = await server.inject({
    url: `/server/data/visits/${v.ids.visitID}/engagements`,
    headers: bearer(v.ids.visitID),
  });
  const engagementID = list.json()[0]?.engagementID as string;
  assert.ok(engagementID, list.body);
  return { v, engagementID };
}

for (const backend of BACKENDS)
  describe(`the engagement funnel on ${backend.name}`, () => {
    it('counts a scripted stretch exactly: visits, offers, blocks, answers, media, agent, end', async () => {
      const db = await database(backend);
      const server = await app({ db });
      try {
        const started = Date.now();
        // Ada accepts, her chat opens, an agent joins, the chat ends.
        const ada = await offered(server);
        const outcome = (name: string) =>
          ada.v.event(name, { data: { engagementID: ada.engagementID } });
        await send(server, [outcome('InviteShown'), outcome('InviteAccepted')]);
        await send(server, [
          ada.v.event('MediaOpened', { data: { engagementID: ada.engagementID, adapter: 'gms' } }),
        ]);
        const chat = await injectForm(server, '/genesys/2/chat/customer-support', {
          firstName: 'Ada',
          lastName: 'Lovelace',
          'userData[visitID]': ada.v.ids.visitID,
        });
        const { chatId } = chat.json();
        const accept = await server.inject({
          method: 'POST',
          url: `/server/agent/chats/${chatId}/accept`,
          payload: { agent: 'Grace' },
        });
        assert.equal(accept.statusCode, 200, accept.body);
        const end = await server.inject({
          method: 'POST',
          url: `/server/agent/chats/${chatId}/end`,
          payload: {},
        });
        assert.equal(end.statusCode, 200, end.body);
        // Ben declines; Cy is offered, and the gateway's offer to Cy is held back; Di only looks.
        const ben = await offered(server);
        await send(server, [
          ben.v.event('InviteShown', { data: { engagementID: ben.engagementID } }),
          ben.v.event('InviteRejected', { data: { engagementID: ben.engagementID } }),
        ]);
        const cy = await offered(server);
        const held = await server.inject({
          method: 'POST',
          url: '/server/data/gateway/engage',
          payload: {
            visitID: cy.v.ids.visitID,
            offer: { type: 'chat', title: 'Help?', message: '' },
          },
        });
        assert.equal(held.statusCode, 409);
        const di = visit();
        await send(server, [di.event('VisitStarted'), di.event('PageEntered')]);

        const funnel = await server.inject({
          url: `/server/data/engagements/funnel?from=${started - 1}&to=${Date.now() + 1}`,
        });
        assert.equal(funnel.statusCode, 200, funnel.body);
        const body = funnel.json();
        const expected = {
          visits: 4,
          offered: 3,
          blocked: { engagement_in_progress: 1 },
          shown: 2,
          accepted: 1,
          rejected: 1,
          timedOut: 0,
          mediaOpened: 1,
          agentJoined: 1,
          booked: 0,
          sent: 0,
          ended: 1,
        };
        assert.deepEqual(body.total, expected);
        const rule = (name: string) => body.byRule.find((r: { rule: string }) => r.rule === name);
        assert.equal(rule('lamp-search').offered, 3);
        assert.equal(rule('lamp-search').accepted, 1);
        assert.deepEqual(rule('gateway').blocked, { engagement_in_progress: 1 });
        const busy = body.series.filter(
          (s: { offered: number; visits: number }) => s.offered || s.visits,
        );
        assert.equal(busy.length, 1, 'all in the hour it happened (the script runs in a second)');

        const onlyGateway = await server.inject({
          url: `/server/data/engagements/funnel?from=${started - 1}&to=${Date.now() + 1}&rule=gateway`,
        });
        assert.equal(onlyGateway.json().total.offered, 0);
        assert.deepEqual(onlyGateway.json().total.blocked, { engagement_in_progress: 1 });

        // Now: the four visits are active; Cy's chat waits for an agent.
        const waiting = await injectForm(server, '/genesys/2/chat/customer-support', {
          firstName: 'Cy',
          lastName: 'Young',
          'userData[visitID]': cy.v.ids.visitID,
        });
        assert.equal(waiting.statusCode, 200, waiting.body);
        const now = await server.inject({ url: '/server/data/now' });
        assert.equal(now.statusCode, 200, now.body);
        const seen = now.json() as Record<string, number>;
        assert.deepEqual(
          { ...seen, longestWaitSeconds: (seen.longestWaitSeconds ?? 99) < 5 },
          {
            visitsActive: 4,
            streamsOpen: 0,
            chatsWaiting: 1,
            longestWaitSeconds: true,
            agentsAvailable: 1,
          },
        );

        const twoDays = await server.inject({ url: '/server/data/engagements/funnel' });
        assert.ok([48, 49].includes(twoDays.json().series.length), 'every hour of two days');
        const tooMany = await server.inject({
          url: '/server/data/engagements/funnel?from=0&bucket=hour',
        });
        assert.equal(tooMany.statusCode, 400);
        assert.equal(tooMany.json().field, 'from');
      } finally {
        await server.close();
      }
    });
  });
