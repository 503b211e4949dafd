import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { freePort, waitUntilUp } from '../e2e/support/servers.ts';
import { id, keyed, keyOf } from './helpers.ts';

const ROUNDS = 10;
const SENDERS = 8;
const root = new URL('../../', import.meta.url).pathname;

/** The real server as `npm start` runs it, in its own process, so it can be killed outright. */
async function start(env: Record<string, string>) {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'server/main.ts')], {
    env: {
      ...process.env,
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'error',
      BECKON_INBOX: 'off',
      BECKON_RATE_LIMIT_ADDRESS: '100000000',
      BECKON_RATE_LIMIT_VISIT: '100000000',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr?.on('data', (chunk) => (log += chunk));
  const url = `http://127.0.0.1:${port}`;
  // The agent console's page is served from demo/, there before anything is built.
  await waitUntilUp(`${url}/agent/`, child, () => log);
  return { url, child };
}

const killed = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });

/** One visitor sending small batches as fast as the server answers, until the server dies. */
async function burst(
  url: string,
  visit: { visitID: string; globalVisitID: string; pageID: string },
  acked: Map<string, string>,
) {
  for (;;) {
    const events = Array.from({ length: 5 }, () => ({
      eventType: 'BUSINESS',
      eventName: 'Burst',
      eventID: id(),
      ...visit,
      timestamp: Date.now(),
      url: 'https://shop.example/',
      title: 'Shop',
    }));
    try {
      const response = await fetch(`${url}/server/data/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(keyed({ events })),
      });
      if (!response.ok) continue;
      const { accepted, duplicates } = (await response.json()) as {
        accepted: string[];
        duplicates: string[];
      };
      for (const eventID of [...accepted, ...duplicates]) acked.set(eventID, visit.visitID);
    } catch {
      return; // the server is gone
    }
  }
}

const backends = [
  {
    name: 'PGlite',
    env: async () => ({ BECKON_DATA_DIR: await mkdtemp(join(tmpdir(), 'beckon-kill-')) }),
  },
  ...(process.env.TEST_DATABASE_URL
    ? [
        {
          name: 'PostgreSQL',
          env: async () => ({ DATABASE_URL: process.env.TEST_DATABASE_URL as string }),
        },
      ]
    : []),
];

for (const backend of backends) {
  describe(`kill -9 during a burst (${backend.name})`, () => {
    const folders: string[] = [];
    after(async () => {
      for (const folder of folders) await rm(folder, { recursive: true, force: true });
    });

    it(`keeps every acknowledged event, ${ROUNDS} rounds`, { timeout: 240_000 }, async () => {
      const env = await backend.env();
      if ('BECKON_DATA_DIR' in env) folders.push(env.BECKON_DATA_DIR);
      /** Each acknowledged eventID, with its visit. */
      const acked = new Map<string, string>();
      const visits = Array.from({ length: SENDERS }, () => ({
        globalVisitID: id(),
        visitID: id(),
        pageID: id(),
      }));
      for (let round = 0; round < ROUNDS; round++) {
        const server = await start(env);
        const senders = visits.map((visit) => burst(server.url, visit, acked));
        // The kill lands while requests are in flight: after some answers, at a varying moment.
        const before = acked.size;
        while (acked.size < before + 50) await new Promise((resolve) => setTimeout(resolve, 5));
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 100));
        await killed(server.child);
        await Promise.all(senders);
      }
      const server = await start(env);
      try {
        const stored = new Set<string>();
        const acknowledgedVisits = new Set(acked.values());
        for (const visit of visits) {
          // A visit none of whose requests was answered in any round has nothing to look for.
          if (!acknowledgedVisits.has(visit.visitID)) continue;
          const response = await fetch(`${server.url}/server/data/visits/${visit.visitID}`, {
            headers: { authorization: `Bearer ${keyOf(visit.visitID)}` },
          });
          const mine = [...acked.values()].filter((v) => v === visit.visitID).length;
          assert.equal(
            response.status,
            200,
            `visit ${visit.visitID}, with ${mine} acknowledged events, is not there`,
          );
          const report = (await response.json()) as { events: Array<{ eventID: string }> };
          for (const event of report.events) stored.add(event.eventID);
        }
        const lost = [...acked.keys()].filter((eventID) => !stored.has(eventID));
        assert.ok(acked.size >= ROUNDS * 50, `only ${acked.size} events were acknowledged`);
        assert.deepEqual(lost, [], `${lost.length} of ${acked.size} acknowledged events lost`);
      } finally {
        await killed(server.child);
      }
    });
  });
}
