import type { FastifyInstance } from 'fastify';
import type { Db } from './db.ts';
import { deletedRows, type Removed, removeChats, removeVisits } from './forget.ts';

/** The purge's lock: one node purges at a time, and no two purge the same rows. */
const PURGE_LOCK = 0x70757267;

/**
 * How much one purge step takes: events by the thousand (the bulk), visits, chats and callbacks by
 * the hundred once the events are through. Each step stays well inside the statement limit
 * (db.ts) and holds only the rows it removes, so ingest, writing other rows, hardly notices.
 */
export const PURGE_STEP = { events: 2000, others: 100 };

/**
 * Retention (BECKON_RETENTION_DAYS): events the server received that many days ago go, then the
 * visits it has received nothing for since (by its own clock: a browser's may be years off) with
 * everything that holds them (forget.ts), chats ended (or started) and callbacks last changed before
 * then. The purge goes in small steps, each its own transaction under an advisory lock taken
 * without waiting: a node that finds another purging leaves it to that one.
 */
export function createRetention(
  db: Db,
  options: {
    days: number;
    now?: () => number;
    step?: typeof PURGE_STEP;
    pause?: () => Promise<unknown>;
  },
) {
  const now = options.now ?? Date.now;
  const limits = options.step ?? PURGE_STEP;
  const pause = options.pause ?? (() => new Promise((resolve) => setTimeout(resolve, 20)));
  /** One step; null when another node holds the lock. */
  const step = (before: number) =>
    db.transaction(async (tx) => {
      const { rows: lock } = await tx.query<{ got: boolean }>(
        'SELECT pg_try_advisory_xact_lock($1) AS got',
        [PURGE_LOCK],
      );
      if (!lock[0]?.got) return null;
      const removed: Removed = {};
      const events = await deletedRows(
        tx,
        'DELETE FROM events WHERE event_id IN (SELECT event_id FROM events WHERE received_at < $1 LIMIT $2)',
        [before, limits.events],
      );
      if (events) removed.events = events;
      if (events === limits.events) return removed;
      const visits = await tx.query<{ visit_id: string }>(
        'SELECT visit_id FROM visits WHERE last_received_at < $1 ORDER BY last_received_at LIMIT $2',
        [before, limits.others],
      );
      await removeVisits(
        tx,
        visits.rows.map((row) => row.visit_id),
        removed,
      );
      const chats = await tx.query<{ chat_id: string }>(
        'SELECT chat_id FROM gms_chats WHERE coalesce(ended_at, created_at) < $1 LIMIT $2',
        [before, limits.others],
      );
      await removeChats(
        tx,
        chats.rows.map((row) => row.chat_id),
        removed,
      );
      const callbacks = await deletedRows(
        tx,
        'DELETE FROM gms_callbacks WHERE callback_id IN (SELECT callback_id FROM gms_callbacks WHERE updated_at < $1 LIMIT $2)',
        [before, limits.others],
      );
      if (callbacks) removed.gms_callbacks = (removed.gms_callbacks ?? 0) + callbacks;
      return removed;
    });

  return {
    /** Purges what is past the retention, step by step; what went, by table. */
    purge: async (): Promise<Removed> => {
      const before = now() - options.days * 86_400_000;
      const total: Removed = {};
      for (;;) {
        const removed = await step(before);
        if (!removed || Object.keys(removed).length === 0) return total;
        for (const [table, n] of Object.entries(removed)) total[table] = (total[table] ?? 0) + n;
        await pause();
      }
    },
  };
}

/** How often the purge runs on each node; the first run comes a minute after the start. */
export const PURGE_EVERY_MS = 3_600_000;

/** Runs `retention`'s purge on a schedule while `app` is up, logging what went or why not. */
export function purgeOnSchedule(
  app: FastifyInstance,
  retention: ReturnType<typeof createRetention>,
) {
  const run = () =>
    retention
      .purge()
      .then((removed) => {
        if (Object.keys(removed).length) app.log.info({ removed }, 'retention purge');
      })
      .catch((error) =>
        app.log.warn({ err: error }, 'retention purge stopped; it runs again later'),
      );
  const first = setTimeout(run, 60_000).unref();
  const every = setInterval(run, PURGE_EVERY_MS).unref();
  app.addHook('onClose', async () => {
    clearTimeout(first);
    clearInterval(every);
  });
}
