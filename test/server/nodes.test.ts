import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { type Db, openPostgres } from '../../server/store/db.ts';
import { migrate } from '../../server/store/migrations.ts';
import { app, closeDatabases, database, keyed, ownSchema, visit } from './helpers.ts';
import { readEvents } from './sse.ts';

// Two server nodes on one database, as behind a load balancer: what one node is told reaches the
// stream the other holds, and a page that reconnects to the other node misses nothing.

after(closeDatabases);

/** Two connections to one database: one PostgreSQL schema with a pool each, or one PGlite. */
const SETUPS: Array<{ name: string; open(): Promise<{ dbs: [Db, Db]; done(): Promise<void> }> }> = [
  {
    name: 'PGlite',
    open: async () => {
      const db = await database();
      return { dbs: [db, db], done: async () => {} };
    },
  },
  ...(process.env.TEST_DATABASE_URL
    ? [
        {
          name: 'PostgreSQL',
          open: async () => {
            const scope = await ownSchema(process.env.TEST_DATABASE_URL as string);
            const a = await openPostgres(scope.url);
            const b = await openPostgres(scope.url);
            await migrate(a);
            return {
              dbs: [a, b] as [Db, Db],
              done: async () => {
                await a.close();
                await b.close();
                await scope.drop();
              },
            };
          },
        },
      ]
    : []),
];

for (const setup of SETUPS) {
  describe(`two nodes on one database (${setup.name})`, () => {
    const nodes: FastifyInstance[] = [];
    const urls: string[] = [];
    let done: () => Promise<void>;
    before(async () => {
      const opened = await setup.open();
      done = opened.done;
      for (const db of opened.dbs) {
        const node = await app({ db });
        nodes.push(node);
        urls.push(await node.listen({ port: 0, host: '127.0.0.1' }));
      }
    });
    after(async () => {
      for (const node of nodes) await node.close();
      await done();
    });

    const notify = (node: string, visitID: string, text: string) =>
      fetch(`${node}/server/data/notification/notify/${visitID}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify([{ channel: 'beckon.message', data: { text } }]),
      });
    const stream = (node: string, visitID: string, key: string, lastEventId?: string) =>
      fetch(`${node}/server/notifications/${visitID}`, {
        headers: {
          authorization: `Bearer ${key}`,
          ...(lastEventId ? { 'last-event-id': lastEventId } : {}),
        },
      });
    const texts = (events: Array<{ data: unknown }>) =>
      events.map(
        (e) => (e.data as { notification: { data: { text: string } } }).notification.data.text,
      );

    it('a notify on one node reaches the stream the other holds; a reconnect to it replays only what was missed', async () => {
      const [a, b] = urls as [string, string];
      const v = visit();
      const started = await fetch(`${a}/server/data/events`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: JSON.stringify(keyed({ events: [v.event('PageEntered')] })),
      });
      assert.equal(started.status, 200);

      const onA = readEvents(await stream(a, v.ids.visitID, v.key));
      assert.equal((await notify(b, v.ids.visitID, 'from B')).status, 200);
      assert.ok(await onA.until(() => onA.events.length >= 1), 'the message crossed to node A');
      assert.deepEqual(texts(onA.events), ['from B']);
      const lastSeen = onA.events.at(-1)?.id;
      await onA.cancel();

      // While the page is away, node A is told something; it reconnects to node B.
      assert.equal((await notify(a, v.ids.visitID, 'while away')).status, 200);
      const onB = readEvents(await stream(b, v.ids.visitID, v.key, lastSeen));
      assert.ok(await onB.until(() => onB.events.length >= 1));
      assert.equal((await notify(a, v.ids.visitID, 'live on B')).status, 200);
      assert.ok(await onB.until(() => onB.events.length >= 2));
      // Nothing more comes: the next message is the marker, nothing of before doubled.
      assert.equal((await notify(b, v.ids.visitID, 'marker')).status, 200);
      assert.ok(await onB.until(() => texts(onB.events).includes('marker')));
      assert.deepEqual(texts(onB.events), ['while away', 'live on B', 'marker']);
      await onB.cancel();
    });

    it('both nodes racing to offer to one visit make one offer', async () => {
      const [a, b] = urls as [string, string];
      const v = visit();
      await fetch(`${a}/server/data/events`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: JSON.stringify(keyed({ events: [v.event('PageEntered')] })),
      });
      const engage = (node: string, title: string) =>
        fetch(`${node}/server/data/gateway/engage`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            visitID: v.ids.visitID,
            offer: { type: 'chat', title, message: '' },
          }),
        });
      const answers = await Promise.all(
        Array.from({ length: 8 }, (_, i) => engage(i % 2 ? a : b, `Offer ${i}`)),
      );
      const statuses = answers.map((answer) => answer.status).sort();
      assert.deepEqual(statuses, [200, 409, 409, 409, 409, 409, 409, 409]);
    });

    it('agents marked free on one node are free on the other', async () => {
      const [a, b] = urls as [string, string];
      const put = await fetch(`${a}/server/data/agents/availability`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ available: 3 }),
      });
      assert.equal(put.status, 200);
      const read = await fetch(`${b}/server/data/agents/availability`);
      assert.deepEqual(await read.json(), { available: 3 });
    });
  });
}
