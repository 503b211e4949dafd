// Ingest while the retention purge removes a million rows: the same load before and during the
// purge, on a PostgreSQL server the bench is given (the purge is another node's, as on a site with
// several). What the purge costs ingest is the ratio of the two.
import pg from 'pg';
import { openPostgres } from '../../server/store/db.ts';
import { createRetention } from '../../server/store/retention.ts';
import { engagementServer } from '../../test/e2e/support/servers.ts';
import { UNLIMITED } from './events.ts';

/** Visits past the retention, with events enough for a million rows in all. */
const OLD_VISITS = 10_000;
const EVENTS_PER_VISIT = 99;

async function seedOldVisits(databaseUrl: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const longAgo = Date.now() - 60 * 86_400_000;
    await client.query(
      `INSERT INTO visits (visit_id, global_visit_id, started_at, last_seen_at, last_received_at)
       SELECT 'PURGE' || lpad(n::text, 27, '0'), 'PURGE' || lpad(n::text, 27, '0'), $1, $1, $1
       FROM generate_series(1, $2) AS n`,
      [longAgo, OLD_VISITS],
    );
    await client.query(
      `INSERT INTO events (event_id, event_type, event_name, global_visit_id, visit_id, page_id, ts,
         url, title, received_at)
       SELECT 'PURGE' || lpad(v::text, 14, '0') || lpad(e::text, 13, '0'), 'BUSINESS', 'Old',
         'PURGE' || lpad(v::text, 27, '0'), 'PURGE' || lpad(v::text, 27, '0'), 'P', $1,
         'https://shop.example/', 'Old', $1
       FROM generate_series(1, $2) AS v, generate_series(1, $3) AS e`,
      [longAgo, OLD_VISITS, EVENTS_PER_VISIT],
    );
  } finally {
    await client.end();
  }
  return OLD_VISITS * (EVENTS_PER_VISIT + 1);
}

export async function purgeBench(
  databaseUrl: string,
  seconds: number,
  load: (
    url: string,
    batch: number,
    seconds: number,
  ) => Promise<{ eventsPerSecond: number; p99Ms: number }>,
  log: (line: string) => void,
) {
  const server = await engagementServer({
    LOG_LEVEL: 'error',
    ...UNLIMITED,
    DATABASE_URL: databaseUrl,
  });
  const db = await openPostgres(databaseUrl);
  try {
    const rows = await seedOldVisits(databaseUrl);
    const before = await load(server.url, 20, seconds);
    const started = performance.now();
    const purging = createRetention(db, { days: 28 }).purge();
    const during = await load(server.url, 20, seconds);
    const removed = await purging;
    const purgeSeconds = (performance.now() - started) / 1000;
    const figure = {
      rows,
      removed: Object.values(removed).reduce((sum, n) => sum + n, 0),
      purgeSeconds: Math.round(purgeSeconds * 10) / 10,
      before: { eventsPerSecond: before.eventsPerSecond, p99Ms: before.p99Ms },
      during: { eventsPerSecond: during.eventsPerSecond, p99Ms: during.p99Ms },
    };
    log(
      `purge: ${figure.removed} of ${rows} old rows in ${figure.purgeSeconds} s; ingest ${figure.during.eventsPerSecond} events/s during it against ${figure.before.eventsPerSecond} before (p99 ${figure.during.p99Ms} against ${figure.before.p99Ms} ms)`,
    );
    return figure;
  } finally {
    await db.close();
    await server.dispose();
  }
}
