import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { app, BACKENDS, bearer, closeDatabases, database, keyed, RULES, visit } from './helpers.ts';

type EventsBody = Parameters<typeof keyed>[0];

after(closeDatabases);

for (const backend of BACKENDS) {
  describe(`engagements (${backend.name})`, () => {
    let server: FastifyInstance;
    let time = 1_900_000_000_000;
    before(async () => {
      server = await app({ now: () => time, backend });
    });
    after(() => server.close());

    const post = (url: string, payload: unknown) =>
      server.inject({
        method: 'POST',
        url,
        payload: url === '/server/data/events' ? keyed(payload as EventsBody) : (payload as object),
      });
    const stats = async () => (await server.inject('/server/data/engagements/stats')).json();
    const setAgents = (available: number) =>
      server.inject({
        method: 'PUT',
        url: '/server/data/agents/availability',
        payload: { available },
      });
    const search = (v: ReturnType<typeof visit>) =>
      v.event('Search', { url: 'https://shop.example/shop/lamp' });

    /** A visit whose Search just met the rule; returns the offer's engagementID. */
    async function offered(v = visit()) {
      await post('/server/data/events', { events: [v.event('PageEntered'), search(v)] });
      const { rows } = await engagementsOf(v.ids.visitID);
      return { v, engagementID: rows.at(-1)?.engagement_id as string, status: rows.at(-1)?.status };
    }
    async function engagementsOf(visitID: string) {
      return (await database(backend)).query<{
        engagement_id: string;
        status: string;
        reason: string | null;
      }>(
        'SELECT engagement_id, status, reason FROM engagements WHERE visit_id = $1 ORDER BY created_at, engagement_id',
        [visitID],
      );
    }
    const outcome = (v: ReturnType<typeof visit>, name: string, engagementID: string) =>
      post('/server/data/events', {
        events: [v.event(name, { eventType: 'SYSTEM', data: { engagementID } })],
      });

    it("counts a rule's events across batches and within one, only those that match it", async () => {
      const counting = await app({
        backend,
        now: () => time,
        rules: {
          policy: RULES.policy,
          rules: [
            {
              name: 'third-comparison',
              when: { event: 'Compare', url: '*/shop/*', count: 3 },
              offer: { type: 'chat', title: 'Torn?', message: 'We can help.', adapter: 'frame' },
            },
          ],
        },
      });
      try {
        const send = (v: ReturnType<typeof visit>, events: ReturnType<typeof v.event>[]) =>
          counting.inject({
            method: 'POST',
            url: '/server/data/events',
            payload: keyed({ events }),
          });
        const compare = (v: ReturnType<typeof visit>, url = 'https://shop.example/shop/lamp') =>
          v.event('Compare', { url });
        // Offers the policy blocked are recorded too; those that went out are `offered`.
        const offers = async (v: ReturnType<typeof visit>) =>
          (await engagementsOf(v.ids.visitID)).rows.filter((row) => row.status === 'offered')
            .length;

        const slow = visit();
        await send(slow, [
          slow.event('PageEntered'),
          compare(slow),
          compare(slow, 'https://shop.example/blog/lamps'),
        ]);
        await send(slow, [compare(slow)]);
        assert.equal(await offers(slow), 0, 'two that match, and one elsewhere that does not');
        await send(slow, [compare(slow)]);
        assert.equal(await offers(slow), 1, 'the third, in a later batch');

        const eager = visit();
        await send(eager, [compare(eager), compare(eager), compare(eager)]);
        assert.equal(await offers(eager), 1, 'three in one batch, one offer');
      } finally {
        await counting.close();
      }
    });

    it('offers when a rule matches, and follows the outcomes the page reports', async () => {
      time += 3_600_000;
      const before = await stats();
      const { v, engagementID, status } = await offered();
      assert.equal(status, 'offered');
      await outcome(v, 'InviteShown', engagementID);
      await outcome(v, 'InviteAccepted', engagementID);
      const after = await stats();
      assert.equal(after.offered - before.offered, 1);
      assert.equal(after.shown - before.shown, 1);
      assert.equal(after.accepted - before.accepted, 1);
      // A chat happened in this visit: the next match is blocked, with its reason.
      time += 3_600_000;
      await post('/server/data/events', { events: [search(v)] });
      const rows = (await engagementsOf(v.ids.visitID)).rows;
      assert.deepEqual(rows.at(-1), {
        engagement_id: rows.at(-1)?.engagement_id,
        status: 'blocked',
        reason: 'chat_in_visit',
      });
      assert.equal((await stats()).blocked.chat_in_visit - (before.blocked.chat_in_visit ?? 0), 1);
    });

    it('blocks further offers after a decline', async () => {
      time += 3_600_000;
      const { v, engagementID } = await offered();
      await outcome(v, 'InviteRejected', engagementID);
      time += 3_600_000;
      await post('/server/data/events', { events: [search(v)] });
      assert.equal((await engagementsOf(v.ids.visitID)).rows.at(-1)?.reason, 'rejected_in_visit');
    });

    it("shows the visit's own browser its offers, the blocked ones with the policy's reason", async () => {
      time += 3_600_000;
      const { v, engagementID } = await offered();
      await outcome(v, 'InviteRejected', engagementID);
      time += 3_600_000;
      await post('/server/data/events', { events: [search(v)] });
      const url = `/server/data/visits/${v.ids.visitID}/engagements`;
      const own = await server.inject({ url, headers: bearer(v.ids.visitID) });
      assert.equal(own.statusCode, 200);
      assert.deepEqual(
        own.json().map((e: { status: string; reason: string | null }) => [e.status, e.reason]),
        [
          ['rejected', null],
          ['blocked', 'rejected_in_visit'],
        ],
      );
      assert.equal(own.json()[0].engagementID, engagementID);
      // Who else may read it (nobody but agents) is access.test.ts's.
    });

    it("ignores outcomes a page reports for another visit's engagement", async () => {
      time += 3_600_000;
      const { engagementID } = await offered();
      const stranger = visit();
      await post('/server/data/events', { events: [stranger.event('PageEntered')] });
      await outcome(stranger, 'InviteRejected', engagementID);
      const { rows } = await (await database(backend)).query<{ status: string }>(
        'SELECT status FROM engagements WHERE engagement_id = $1',
        [engagementID],
      );
      assert.equal(rows[0]?.status, 'offered');
    });

    it('blocks while no agent is available', async () => {
      time += 3_600_000;
      await setAgents(0);
      const { status, v } = await offered();
      await setAgents(1);
      assert.equal(status, 'blocked');
      assert.equal((await engagementsOf(v.ids.visitID)).rows[0]?.reason, 'no_agents');
    });

    it("offers a rule's inbox alternative while no agent is available", async () => {
      time += 3_600_000;
      const ask = async () => {
        const v = visit();
        await post('/server/data/events', {
          events: [v.event('PageEntered'), v.event('HelpRequested')],
        });
        const { rows } = await (await database(backend)).query<{
          status: string;
          offer: { type: string; adapter: string } | string;
        }>('SELECT status, offer FROM engagements WHERE visit_id = $1', [v.ids.visitID]);
        const offer =
          typeof rows[0]?.offer === 'string' ? JSON.parse(rows[0].offer) : rows[0]?.offer;
        return { status: rows[0]?.status, type: offer?.type, adapter: offer?.adapter };
      };
      assert.deepEqual(await ask(), { status: 'offered', type: 'chat', adapter: 'gms' });
      await setAgents(0);
      const withoutAgents = await ask();
      await setAgents(1);
      assert.deepEqual(withoutAgents, { status: 'offered', type: 'message', adapter: 'inbox' });
    });

    it('drops an offer the page has not received within the delivery timeout', async () => {
      time += 3_600_000;
      const { v, engagementID } = await offered();
      time += (RULES.policy.deliveryTimeoutSeconds + 1) * 1000;
      // The next decision for the visit sweeps the stale offer first, then may offer again.
      const retry = await post('/server/data/gateway/engage', {
        visitID: v.ids.visitID,
        offer: { type: 'callback', title: 'Call you back?', message: 'Free of charge.' },
      });
      const rows = (await engagementsOf(v.ids.visitID)).rows;
      assert.deepEqual(
        rows.find((row) => row.engagement_id === engagementID),
        {
          engagement_id: engagementID,
          status: 'dropped',
          reason: 'not_delivered',
        },
      );
      assert.equal(retry.statusCode, 200);
      assert.equal(retry.json().status, 'offered');
    });

    it('lets an orchestrator engage and noengage, with clear errors', async () => {
      time += 3_600_000;
      const v = visit();
      await post('/server/data/events', { events: [v.event('PageEntered')] });
      const engaged = await post('/server/data/gateway/engage', {
        visitID: v.ids.visitID,
        offer: { type: 'chat', title: 'Hello', message: 'Can we help?' },
      });
      assert.equal(engaged.statusCode, 200);
      const { engagementID } = engaged.json();
      const second = await post('/server/data/gateway/engage', {
        visitID: v.ids.visitID,
        offer: { type: 'chat', title: 'Again', message: '' },
      });
      assert.equal(second.statusCode, 409);
      assert.equal(second.json().reason, 'engagement_in_progress');
      const revoked = await post('/server/data/gateway/noengage', {
        engagementID,
        reason: 'agent left',
      });
      assert.deepEqual(revoked.json(), { engagementID, outcome: 'revoked' });
      assert.equal((await post('/server/data/gateway/noengage', { engagementID })).statusCode, 409);

      const unknownVisit = await post('/server/data/gateway/engage', {
        visitID: 'A'.repeat(32),
        offer: { type: 'chat', title: 'x', message: '' },
      });
      assert.equal(unknownVisit.statusCode, 404);
      const badOffer = await post('/server/data/gateway/engage', {
        visitID: v.ids.visitID,
        offer: { type: 'video', title: 'x', message: '' },
      });
      assert.equal(badOffer.statusCode, 400);
      assert.equal(badOffer.json().field, 'offer.type');
      const badAgents = await server.inject({
        method: 'PUT',
        url: '/server/data/agents/availability',
        payload: { available: -1 },
      });
      assert.equal(badAgents.json().field, 'available');
    });

    it("takes GWE's ixnProfile and cancelData, as JSON or form fields, and answers as GWE did: 200 or 400", async () => {
      time += 3_600_000;
      const v = visit();
      await post('/server/data/events', { events: [v.event('PageEntered')] });
      const form = (url: string, fields: Record<string, string>) =>
        server.inject({
          method: 'POST',
          url,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: new URLSearchParams(fields).toString(),
        });
      // A strategy's profile without a Beckon offer gets the default chat invitation.
      const engaged = await form('/backend/data/gateway/engage', {
        ixnProfile: JSON.stringify({
          visitID: v.ids.visitID,
          pageID: v.ids.pageID,
          interactionId: '0001JaA1X7DB004T',
        }),
      });
      assert.equal(engaged.statusCode, 200);
      const { engagementID } = engaged.json();
      const { rows } = await engagementsOf(v.ids.visitID);
      assert.equal(rows.at(-1)?.engagement_id, engagementID);
      // Held back by the policy: GWE's FAULT, with Beckon's reason in the body.
      const held = await post('/server/data/gateway/engage', {
        ixnProfile: {
          visitID: v.ids.visitID,
          offer: { type: 'chat', title: 'Again', message: '' },
        },
      });
      assert.equal(held.statusCode, 400);
      assert.equal(held.json().reason, 'engagement_in_progress');
      // cancelData naming only the visit withdraws what is in progress for it.
      const cancelled = await form('/server/data/gateway/noengage', {
        cancelData: JSON.stringify({ visitID: v.ids.visitID, reason: 'no agent' }),
      });
      assert.equal(cancelled.statusCode, 200);
      assert.deepEqual(cancelled.json(), { visitID: v.ids.visitID, revoked: [engagementID] });
      assert.equal(
        (await post('/server/data/gateway/noengage', { cancelData: { engagementID } })).statusCode,
        400,
      );
      const nothing = await post('/server/data/gateway/noengage', {
        cancelData: { visitID: v.ids.visitID },
      });
      assert.deepEqual(nothing.json(), { visitID: v.ids.visitID, revoked: [] });

      const fault = async (url: string, body: Record<string, unknown>, field: string) => {
        const response = await post(url, body);
        assert.equal(response.statusCode, 400, JSON.stringify(body));
        assert.equal(response.json().field, field);
      };
      await fault('/server/data/gateway/engage', { ixnProfile: {} }, 'ixnProfile.visitID');
      await fault('/server/data/gateway/engage', { ixnProfile: 'not json' }, 'ixnProfile');
      await fault(
        '/server/data/gateway/engage',
        { ixnProfile: { visitID: 'A'.repeat(32) } },
        'visitID',
      );
      await fault('/server/data/gateway/noengage', { cancelData: {} }, 'cancelData');
      await fault(
        '/server/data/gateway/noengage',
        { cancelData: { engagementID: 'nope' } },
        'cancelData.engagementID',
      );
    });
  });
}
