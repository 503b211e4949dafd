import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app.ts';
import type { Db } from '../../server/store/db.ts';
import { CATEGORIES, closeDatabases, database, GMS, keyed, RULES, visit } from './helpers.ts';

// While the database is away (a restart, a cut), callers are told to come back in a moment, and
// nothing they sent is lost: they send it again, and it is stored once the database is back.

after(closeDatabases);

describe('the database away', () => {
  let server: FastifyInstance;
  let away = false;
  before(async () => {
    const db = await database();
    const flaky: Db = {
      ...db,
      query: (sql, params) =>
        away
          ? Promise.reject(
              Object.assign(new Error('terminating connection due to administrator command'), {
                code: '57P01',
              }),
            )
          : db.query(sql, params),
      transaction: (work) =>
        away
          ? Promise.reject(
              Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
            )
          : db.transaction(work),
    };
    server = await buildApp({
      db: flaky,
      categories: CATEGORIES,
      rules: RULES,
      gms: GMS,
      allowedOrigins: ['*'],
      trustLoopback: true,
    });
  });
  after(() => server.close());

  it('answers 503 with Retry-After, and the same batch is stored once it is back', async () => {
    const v = visit();
    const payload = keyed({ events: [v.event('PageEntered'), v.event('Search')] });
    const send = () => server.inject({ method: 'POST', url: '/server/data/events', payload });
    away = true;
    const refused = await send();
    away = false;
    assert.equal(refused.statusCode, 503);
    assert.equal(refused.headers['retry-after'], '2');
    assert.equal(refused.json().error, 'unavailable');
    const stored = await send();
    assert.equal(stored.statusCode, 200);
    assert.equal(stored.json().accepted.length, 2);
  });
});
