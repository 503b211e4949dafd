// The funnel's query on a busy site's 28 days: a million events (50,000 visits of 20 events, one
// started every ~48 s), 10,000 offers with their outcomes, 2,000 chats; on PGlite and on the
// PostgreSQL server the bench is given. The time of the by-day funnel over the whole window and
// of the by-hour one over the last two days, each the best of five after a warm-up.

import type { Db } from '../../server/store/db.ts';
import { openPglite, openPostgres, POSTGRES_LIMITS } from '../../server/store/db.ts';
import { createFunnelStore } from '../../server/store/funnel-store.ts';
import { migrate } from '../../server/store/migrations.ts';

const DAY = 86_400_000;
const VISITS = 50_000;
const EVENTS_PER_VISIT = 20;

async function seed(db: Db, now: number) {
  const start = now - 28 * DAY;
  const step = Math.floor((28 * DAY) / VISITS);
  await db.query(
    `INSERT INTO visits (visit_id, global_visit_id, started_at, last_seen_at, last_received_at)
     SELECT 'F' || lpad(n::text, 31, '0'), 'G' || lpad(n::text, 31, '0'), $1::bigint + n * $2::bigint, $1::bigint + n * $2::bigint, $1::bigint + n * $2::bigint
     FROM generate_series(1, $3) AS n`,
    [start, step, VISITS],
  );
  await db.query(
    `INSERT INTO events (event_id, event_type, event_name, global_visit_id, visit_id, page_id, ts,
       url, title, data, received_at)
     SELECT 'E' || lpad(v::text, 16, '0') || lpad(e::text, 15, '0'), 'BUSINESS',
       CASE WHEN e = 1 THEN 'VisitStarted' WHEN e = 2 THEN 'PageEntered' ELSE 'Scroll' END,
       'G' || lpad(v::text, 31, '0'), 'F' || lpad(v::text, 31, '0'), 'P', $1::bigint + v * $2::bigint + e,
       'https://shop.example/', 'Shop', NULL, $1::bigint + v * $2::bigint + e
     FROM generate_series(1, $3) AS v, generate_series(1, $4) AS e`,
    [start, step, VISITS, EVENTS_PER_VISIT],
  );
  // Every fifth visit is offered: half shown, a quarter accepted, a tenth blocked.
  await db.query(
    `INSERT INTO engagements (engagement_id, visit_id, source, offer, status, reason, created_at, shown_at)
     SELECT 'O' || lpad(v::text, 31, '0'), 'F' || lpad(v::text, 31, '0'),
       CASE WHEN v % 3 = 0 THEN 'pricing-linger' ELSE 'support-linger' END,
       '{"type":"chat","title":"Help?","message":""}'::jsonb,
       CASE WHEN v % 50 = 0 THEN 'blocked' WHEN v % 20 = 0 THEN 'accepted' WHEN v % 10 = 0 THEN 'rejected' ELSE 'shown' END,
       CASE WHEN v % 50 = 0 THEN 'min_gap' END,
       $1::bigint + v * $2::bigint + 5, CASE WHEN v % 2 = 0 THEN $1::bigint + v * $2::bigint + 6 END
     FROM generate_series(5, $3, 5) AS v`,
    [start, step, VISITS],
  );
  await db.query(
    `INSERT INTO gms_chats (chat_id, service, secure_key, user_id, alias, client, user_data, state, agent_name, created_at)
     SELECT 'C' || v, 'customer-support', 'k', 'u', '1', '{}'::jsonb,
       jsonb_build_object('visitID', 'F' || lpad(v::text, 31, '0')), 'ended', 'Grace', $1::bigint + v * $2::bigint + 7
     FROM generate_series(20, $3, 20) AS v`,
    [start, step, VISITS],
  );
}

async function best(run: () => Promise<unknown>) {
  await run();
  let fastest = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    await run();
    fastest = Math.min(fastest, performance.now() - started);
  }
  return Math.round(fastest);
}

export async function funnelBench(databaseUrl: string | undefined, log: (line: string) => void) {
  const figures = [];
  for (const [name, open] of [
    ['PGlite', () => openPglite()],
    // Seeding a million rows takes longer than a request's statement may (db.ts): no limits here.
    ...(databaseUrl
      ? [
          [
            'PostgreSQL',
            () => openPostgres(databaseUrl, { ...POSTGRES_LIMITS, statementMs: 0, answerMs: 0 }),
          ] as const,
        ]
      : []),
  ] as const) {
    const db = await open();
    try {
      await migrate(db);
      const now = Date.now();
      await seed(db, now);
      await db.query('ANALYZE');
      const funnel = createFunnelStore(db);
      const days = await best(() => funnel.cells({ from: now - 28 * DAY, to: now, bucket: 'day' }));
      const hours = await best(() =>
        funnel.cells({ from: now - 2 * DAY, to: now, bucket: 'hour' }),
      );
      const figure = {
        database: name,
        events: VISITS * EVENTS_PER_VISIT,
        days28ByDayMs: days,
        days2ByHourMs: hours,
      };
      log(
        `funnel: ${name}, ${figure.events} events: 28 days by day ${days} ms, 2 days by hour ${hours} ms`,
      );
      figures.push(figure);
    } finally {
      await db.close();
    }
  }
  return figures;
}
