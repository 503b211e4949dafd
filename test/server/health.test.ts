import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { Db } from '../../server/store/db.ts';
import { app, closeDatabases, database, flakyDatabase } from './helpers.ts';

// The probes a load balancer or an orchestrator asks: liveness whatever the database does,
// readiness only while the database answers in time and the server is not stopping.

after(closeDatabases);

describe('health probes', () => {
  it('live and ready while all is well; ready says why not while the database is away', async () => {
    const flaky = await flakyDatabase();
    const server = await app({ db: flaky.db });
    try {
      const probe = (which: string) => server.inject({ url: `/server/health/${which}` });
      assert.deepEqual((await probe('live')).json(), { status: 'ok' });
      assert.equal((await probe('ready')).statusCode, 200);
      flaky.away(true);
      assert.equal((await probe('live')).statusCode, 200);
      const away = await probe('ready');
      assert.equal(away.statusCode, 503);
      assert.equal(away.headers['retry-after'], '1');
      assert.equal(away.json().status, 'unavailable');
      assert.match(away.json().reason, /unreachable: terminating connection/);
      flaky.away(false);
      assert.equal((await probe('ready')).statusCode, 200);
    } finally {
      await server.close();
    }
  });

  it('answers within a second when the database hangs, and not ready while stopping', async () => {
    const db = await database();
    let hanging = false;
    const slow: Db = {
      ...db,
      query: (sql, params, options) =>
        hanging ? new Promise(() => {}) : db.query(sql, params, options),
    };
    let stopping = false;
    const server = await app({ db: slow, stopping: () => stopping });
    try {
      hanging = true;
      const started = performance.now();
      const hung = await server.inject({ url: '/server/health/ready' });
      assert.equal(hung.statusCode, 503);
      assert.match(hung.json().reason, /did not answer within a second/);
      assert.ok(performance.now() - started < 1500);
      hanging = false;
      stopping = true;
      const leaving = await server.inject({ url: '/server/health/ready' });
      assert.equal(leaving.statusCode, 503);
      assert.equal(leaving.json().reason, 'stopping');
    } finally {
      await server.close();
    }
  });
});
