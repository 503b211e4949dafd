import type { Db } from './db.ts';
import { oneAtATime } from './one-at-a-time.ts';

/** The advisory-lock class of visits ('visi'): apart from the migrations' lock. */
const VISIT_LOCK_CLASS = 0x76697369;

/**
 * One piece of work at a time per visit, across every node on the database: the engagement
 * policy's "one decision at a time", so two nodes never both pass "one engagement at a time" for
 * one visit. On this node the work waits its turn in memory; on a PostgreSQL server it also holds a
 * transaction-scoped advisory lock while it runs (its own queries go through the pool). PGlite
 * lives in one process, where the memory queue is the whole of it.
 */
export function visitLock(db: Db) {
  const local = oneAtATime();
  if (db.kind === 'pglite') return local;
  return <T>(visitID: string, work: () => Promise<T>): Promise<T> =>
    local(visitID, () =>
      db.transaction(async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [
          VISIT_LOCK_CLASS,
          visitID,
        ]);
        return work();
      }),
    );
}
export type VisitLock = ReturnType<typeof visitLock>;
