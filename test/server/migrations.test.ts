import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openPglite, openPostgres } from '../../server/store/db.ts';
import { MIGRATIONS, migrate } from '../../server/store/migrations.ts';
import { ownSchema } from './helpers.ts';

describe('migrations', () => {
  it('run once, and a second start finds nothing to do', async () => {
    const db = await openPglite();
    try {
      assert.equal(await migrate(db), MIGRATIONS.length);
      assert.equal(await migrate(db), 0);
    } finally {
      await db.close();
    }
  });

  it('run exactly once when several nodes start at once against one PostgreSQL', {
    skip: !process.env.TEST_DATABASE_URL && 'TEST_DATABASE_URL names no PostgreSQL',
  }, async () => {
    const url = process.env.TEST_DATABASE_URL as string;
    // A schema of its own, so the race starts from an empty database.
    const scope = await ownSchema(url);
    const admin = await openPostgres(url);
    const nodes = await Promise.all(Array.from({ length: 4 }, () => openPostgres(scope.url)));
    try {
      const ran = await Promise.all(nodes.map((node) => migrate(node)));
      assert.equal(
        ran.reduce((sum, n) => sum + n, 0),
        MIGRATIONS.length,
      );
      const { rows } = await admin.query(`SELECT version FROM ${scope.schema}.schema_migrations`);
      assert.equal(rows.length, MIGRATIONS.length);
    } finally {
      for (const node of nodes) await node.close();
      await admin.close();
      await scope.drop();
    }
  });
});
