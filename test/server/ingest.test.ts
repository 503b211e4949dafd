import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { EVENTS_BODY_LIMIT } from '../../server/ingest/routes.ts';
import { app, BACKENDS, closeDatabases, keyed, visit } from './helpers.ts';

after(closeDatabases);

/** Bodies with events get their visits' keys, as the tracker sends them; others go as they are. */
const withKeys = (payload: unknown) => {
  const events = (payload as { events?: unknown }).events;
  return Array.isArray(events) && events.every((e) => typeof e?.visitID === 'string')
    ? keyed(payload as { events: Array<{ visitID: string }> })
    : payload;
};

for (const backend of BACKENDS) {
  describe(`POST /server/data/events (${backend.name})`, () => {
    let server: FastifyInstance;
    before(async () => {
      server = await app({ backend });
    });
    after(() => server.close());

    const post = (payload: unknown, contentType = 'application/json') =>
      server.inject({
        method: 'POST',
        url: '/server/data/events',
        headers: { 'content-type': contentType },
        payload: typeof payload === 'string' ? payload : JSON.stringify(withKeys(payload)),
      });

    it('stores a batch and answers which events it accepted', async () => {
      const { ids, event } = visit();
      const events = [
        event('VisitStarted', {
          data: {
            timezoneOffset: -60,
            languageCode: 'de',
            screen: '1920x1080',
            referrer: 'https://search.example/',
          },
        }),
        event('PageEntered'),
        event('AddToCart', { data: { sku: 'L-1' } }),
      ];
      const response = await post({ events });
      assert.equal(response.statusCode, 200);
      const body = response.json();
      assert.deepEqual(
        body.accepted,
        events.map((e) => e.eventID),
      );
      assert.deepEqual(body.duplicates, []);

      const stored = (await server.inject(`/server/data/visits/${ids.visitID}`)).json();
      assert.deepEqual(
        stored.events.map((e: { eventName: string }) => e.eventName),
        ['VisitStarted', 'PageEntered', 'AddToCart'],
      );
      assert.deepEqual(stored.events[2].data, { sku: 'L-1' });
      assert.equal(stored.languageCode, 'de');
      assert.equal(stored.timezoneOffset, -60);
      assert.equal(stored.referrer, 'https://search.example/');
      assert.equal(stored.pages.length, 1);
    });

    it('stores a retried batch once: every event comes back as a duplicate', async () => {
      const { ids, event } = visit();
      const events = [event('PageEntered'), event('Search')];
      await post({ events });
      const retry = await post({ events }, 'text/plain;charset=UTF-8');
      assert.equal(retry.statusCode, 200);
      assert.deepEqual(retry.json().accepted, []);
      assert.deepEqual(
        retry.json().duplicates,
        events.map((e) => e.eventID),
      );
      const stored = (await server.inject(`/server/data/visits/${ids.visitID}`)).json();
      assert.equal(stored.events.length, 2);
    });

    it('accepts the text/plain body a beacon sends', async () => {
      const { event } = visit();
      const response = await post(
        { events: [event('PageExited', { data: { durationMs: 10, visibleMs: 5 } })] },
        'text/plain',
      );
      assert.equal(response.statusCode, 200);
      assert.equal(response.json().accepted.length, 1);
    });

    it('stamps the category from tags in the URL or title, replacing what the page sent', async () => {
      const { ids, event } = visit();
      await post({
        events: [
          event('PageEntered', { category: 'Forged' }),
          event('Other', { url: 'https://example.com/about', title: 'About us' }),
        ],
      });
      const stored = (await server.inject(`/server/data/visits/${ids.visitID}`)).json();
      assert.equal(stored.events[0].category, 'Shop;Lamps');
      assert.equal(stored.events[1].category, undefined);
    });

    it('rejects a batch with an invalid event: 400 naming the field, nothing stored', async () => {
      const { ids, event } = visit();
      const response = await post({
        events: [event('PageEntered'), { ...event('Bad'), visitID: 'not-an-id' }],
      });
      assert.equal(response.statusCode, 400);
      const body = response.json();
      assert.equal(body.field, 'events.1.visitID');
      assert.match(body.message, /events\.1\.visitID: must be 32 uppercase hex characters/);
      assert.deepEqual(body.rejected, [
        { index: 1, field: 'visitID', message: 'must be 32 uppercase hex characters' },
      ]);
      assert.equal((await server.inject(`/server/data/visits/${ids.visitID}`)).statusCode, 404);
    });

    for (const [what, payload, field] of [
      ['a missing events array', {}, 'events'],
      ['an empty batch', { events: [] }, 'events'],
      [
        'a missing eventName',
        { events: [{ ...visit().event('X'), eventName: undefined }] },
        'events.0.eventName',
      ],
      [
        'an unknown eventType',
        { events: [visit().event('X', { eventType: 'OTHER' as 'SYSTEM' })] },
        'events.0.eventType',
      ],
      [
        'a negative timestamp',
        { events: [visit().event('X', { timestamp: -5 })] },
        'events.0.timestamp',
      ],
      [
        'an array as data',
        { events: [visit().event('X', { data: [] as unknown as Record<string, unknown> })] },
        'events.0.data',
      ],
    ] as const) {
      it(`names the field for ${what}`, async () => {
        const response = await post(payload);
        assert.equal(response.statusCode, 400);
        assert.equal(response.json().field, field);
      });
    }

    it('answers 400 naming the field for text no database stores, and stores nothing', async () => {
      for (const bad of ['a\u0000b', '\uD800', 'x\uDFFFy']) {
        const { ids, event } = visit();
        const response = await post({ events: [event('Search', { data: { q: bad } })] });
        assert.equal(response.statusCode, 400, JSON.stringify(bad));
        assert.equal(response.json().field, 'events.0.data.q');
        const stored = await server.inject(`/server/data/visits/${ids.visitID}`);
        assert.equal(stored.statusCode, 404);
      }
      const { event } = visit();
      const body = Buffer.concat([
        Buffer.from(JSON.stringify(keyed({ events: [event('Search')] })).slice(0, -2)),
        Buffer.from([0xff, 0xfe]),
        Buffer.from('}}'),
      ]);
      const bytes = await server.inject({
        method: 'POST',
        url: '/server/data/events',
        headers: { 'content-type': 'text/plain' },
        payload: body,
      });
      assert.equal(bytes.statusCode, 400);
      assert.match(bytes.json().message, /not UTF-8/);
    });

    it('answers 400 for a body that is not JSON', async () => {
      const response = await post('{"events": [', 'text/plain');
      assert.equal(response.statusCode, 400);
      assert.equal(response.json().error, 'invalid_json');
    });

    it('answers 413 for an oversized body', async () => {
      const response = await post({
        events: [visit().event('X', { data: { blob: 'x'.repeat(EVENTS_BODY_LIMIT) } })],
      });
      assert.equal(response.statusCode, 413);
      assert.equal(response.json().error, 'payload_too_large');
    });

    it('orders the page journey and closes page views with their durations', async () => {
      const { ids, event } = visit();
      const second = {
        pageID: visit().ids.pageID,
        url: 'https://shop.example/checkout',
        title: 'Checkout',
      };
      // Sent out of order, as a beacon and a retry can deliver them.
      await post({ events: [event('PageEntered', { ...second, timestamp: 1_800_000_000_050 })] });
      await post({
        events: [
          event('PageEntered', { timestamp: 1_800_000_000_000 }),
          event('PageExited', {
            timestamp: 1_800_000_000_040,
            data: { durationMs: 40, visibleMs: 30 },
          }),
        ],
      });
      const stored = (await server.inject(`/server/data/visits/${ids.visitID}`)).json();
      assert.deepEqual(
        stored.pages.map((p: { url: string }) => new URL(p.url).pathname),
        ['/shop/lamp', '/checkout'],
      );
      assert.equal(stored.pages[0].durationMs, 40);
      assert.equal(stored.pages[0].visibleMs, 30);
      assert.deepEqual(
        stored.events.map((e: { eventName: string }) => e.eventName),
        ['PageEntered', 'PageExited', 'PageEntered'],
      );
    });

    it("leaves another visit's page view alone when a visit names its pageID", async () => {
      const victim = visit();
      await post({ events: [victim.event('PageEntered', { timestamp: 1_800_000_000_000 })] });
      const intruder = visit();
      const sent = await post({
        events: [
          intruder.event('PageExited', {
            pageID: victim.ids.pageID,
            timestamp: 1_800_000_000_001,
            data: { durationMs: 1, visibleMs: 1 },
          }),
        ],
      });
      assert.equal(sent.statusCode, 200, 'its own event, in its own visit, is stored');
      const page = (await server.inject(`/server/data/visits/${victim.ids.visitID}`)).json()
        .pages[0];
      assert.equal(page.exitedAt, null);
      assert.equal(page.durationMs, null);
    });
  });

  describe(`GET /server/data/visits/{visitID} (${backend.name})`, () => {
    let server: FastifyInstance;
    before(async () => {
      server = await app({ backend });
    });
    after(() => server.close());

    it('answers 400 naming visitID for a malformed ID and 404 for an unknown visit', async () => {
      const bad = await server.inject('/server/data/visits/abc');
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().field, 'visitID');
      const unknown = await server.inject(`/server/data/visits/${'A'.repeat(32)}`);
      assert.equal(unknown.statusCode, 404);
      assert.equal(unknown.json().field, 'visitID');
    });
  });
}
