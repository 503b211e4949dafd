import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { type Db, openPostgres } from '../../server/store/db.ts';
import { migrate } from '../../server/store/migrations.ts';
import { type OwnPostgres, ownPostgres } from '../support/postgres-server.ts';
import { app, keyed, visit } from './helpers.ts';
import { readEvents } from './sse.ts';

// A real PostgreSQL server stopped (fast shutdown, as an upgrade or a failover does) and started
// again under a tracker's steady sending: the server answers 503 with Retry-After while it is
// away, stays up, keeps every event it acknowledged, stores the ones sent again exactly once, and
// is itself again once the database is back, its notification stream included, with no restart.

const postgres = await ownPostgres();

describe('PostgreSQL stopped and started under load', {
  skip: 'missing' in postgres ? postgres.missing : false,
}, () => {
  let pg: OwnPostgres;
  let db: Db;
  let server: FastifyInstance;
  let url: string;
  before(async () => {
    pg = postgres as OwnPostgres;
    db = await openPostgres(pg.url);
    await migrate(db);
    server = await app({ db });
    url = await server.listen({ port: 0, host: '127.0.0.1' });
  });
  after(async () => {
    await server?.close();
    await db?.close();
    await pg?.dispose();
  });

  it('503 with Retry-After while it is away; nothing acknowledged lost, nothing doubled; back by itself', async () => {
    const visits = Array.from({ length: 4 }, () => visit());
    const watched = visits[0] as (typeof visits)[0];
    const statuses = new Map<number, number>();
    const retryAfter = new Set<string | null>();
    const acknowledged: string[] = [];
    let sent = 0;
    let sending = true;
    /** Resolves when `check` holds, checked after every answer the sender gets. */
    const waiters: Array<{ check: () => boolean; resolve: () => void }> = [];
    const when = (check: () => boolean) =>
      new Promise<void>((resolve) => {
        if (check()) resolve();
        else waiters.push({ check, resolve });
      });
    const answered = () => {
      for (const waiter of waiters.splice(0))
        if (waiter.check()) waiter.resolve();
        else waiters.push(waiter);
    };

    // The tracker's way: a batch refused with 503 is sent again, unchanged, until it is stored.
    const sender = (async () => {
      for (let n = 0; sending; n++) {
        const v = visits[n % visits.length] as (typeof visits)[0];
        const events = [v.event(n < visits.length ? 'PageEntered' : 'Search'), v.event('Scroll')];
        sent += events.length;
        for (;;) {
          const response = await fetch(`${url}/server/data/events`, {
            method: 'POST',
            headers: { 'content-type': 'text/plain' },
            body: JSON.stringify(keyed({ events })),
          });
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          if (response.status === 503) retryAfter.add(response.headers.get('retry-after'));
          if (response.status === 200) acknowledged.push(...(await response.json()).accepted);
          else await response.body?.cancel();
          answered();
          if (response.status !== 503) break;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      }
    })();

    await when(() => acknowledged.length >= 40);
    const stream = readEvents(
      await fetch(`${url}/server/notifications/${watched.ids.visitID}`, {
        headers: { authorization: `Bearer ${watched.key}` },
      }),
    );
    await pg.stop();
    await when(() => (statuses.get(503) ?? 0) >= 5);
    await pg.start();
    const before = acknowledged.length;
    await when(() => acknowledged.length >= before + 40);
    sending = false;
    await sender;

    assert.ok((statuses.get(503) ?? 0) >= 5, 'refused while the database was away');
    assert.deepEqual([...retryAfter], ['2'], 'each refusal says when to come back');
    assert.deepEqual([...statuses.keys()].sort(), [200, 503], 'no other answer, no 500');
    const { rows } = await db.query<{ event_id: string }>(
      'SELECT event_id FROM events WHERE visit_id = ANY($1::text[])',
      [visits.map((v) => v.ids.visitID)],
    );
    const stored = new Set(rows.map((row) => row.event_id));
    assert.equal(
      rows.length,
      sent,
      'every event sent is stored once: each batch was sent until acknowledged',
    );
    assert.ok(
      acknowledged.every((id) => stored.has(id)),
      'every acknowledged event is stored',
    );

    // The stream opened before the stop stayed open; the server listens to the database again,
    // so what is sent now reaches it.
    const notify = () =>
      fetch(`${url}/server/data/notification/notify/${watched.ids.visitID}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify([{ channel: 'beckon.message', data: { text: 'after the restart' } }]),
      });
    assert.equal((await notify()).status, 200);
    const texts = () =>
      stream.events.map(
        (e) => (e.data as { notification: { data: { text: string } } }).notification.data.text,
      );
    assert.ok(
      await stream.until(() => texts().includes('after the restart'), 15_000),
      'a message sent after the restart reaches the stream opened before it',
    );
    await stream.cancel();
  });
});
