import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { runFaults } from '../faults/suite.ts';
import { ownPostgres } from '../support/postgres-server.ts';

// The short form of `npm run faults`: each fault held a second, against a PostgreSQL server of the
// test's own. Nothing may end the process, answer 5xx but 503, take over a second, or be lost.

const postgres = await ownPostgres();

describe('the server through database faults', {
  skip: 'missing' in postgres ? postgres.missing : false,
}, () => {
  after(async () => {
    if (!('missing' in postgres)) await postgres.dispose();
  });

  it('rides out a start while down, cuts, refusals, a stall and slowness, and stops cleanly', async () => {
    if ('missing' in postgres) return;
    const report = await runFaults({ databaseUrl: postgres.url, holdMs: 1000 });
    for (const row of report.rows) {
      assert.equal(row.exits, 0, `${row.fault}: the process ended`);
      assert.equal(row.errors, 0, `${row.fault}: 5xx other than 503, or no answer`);
      assert.equal(
        row.hangs,
        0,
        `${row.fault}: answers over a second (slowest ${row.slowestMs} ms)`,
      );
      assert.ok(
        row.recoveryMs !== null && row.recoveryMs < 2000,
        `${row.fault}: serves again within 2 s`,
      );
    }
    assert.ok(report.acknowledged > 0);
    assert.equal(report.lost, 0, 'acknowledged events lost');
    assert.equal(report.doubled, 0, 'events stored twice');
    assert.ok(report.notified > 0);
    assert.equal(report.streamLost, 0, 'notifications lost to the stream');
    assert.equal(report.stop.code, 0, 'SIGTERM ends the process cleanly');
    assert.ok(report.stop.ms < 10_000, 'within 10 s');
  });
});
