import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { fuzzApp, fuzzServer } from '../fuzz/server.ts';
import { BACKENDS, closeDatabases, database } from './helpers.ts';

after(closeDatabases);

/** A short run of `npm run fuzz` (which sends 10,000 a backend, with a fresh seed each time). */
const RUNS = 1500;
const SEED = 20261202;

for (const backend of BACKENDS) {
  describe(`generated requests over every route (${backend.name})`, () => {
    it(`answer ${RUNS} requests, broken on purpose, with no 5xx and a JSON error for every 4xx`, async () => {
      const { server, world, close } = await fuzzApp(await database(backend));
      try {
        const base = await server.listen({ port: 0, host: '127.0.0.1' });
        const report = await fuzzServer(base, world, RUNS, SEED);
        assert.equal(report.requests, RUNS);
        assert.deepEqual(report.failures, []);
        assert.deepEqual(report.shapeless, []);
        // The run reached the handlers, not only the guards: some requests were taken.
        assert.ok((report.byStatus[200] ?? 0) > RUNS / 10, JSON.stringify(report.byStatus));
      } finally {
        await close();
      }
    });
  });
}
