import type {
  BlockReason,
  EngagementStats,
  EngagementStatus,
  Offer,
} from '../../src/protocol/engagement.ts';
import type { Db } from './db.ts';

export interface EngagementRecord {
  engagementID: string;
  visitID: string;
  pageID: string | null;
  /** The rule's name, `gateway` or `notify`. */
  source: string;
  offer: Offer;
  status: EngagementStatus;
  reason: string | null;
  createdAt: number;
  deliveredAt: number | null;
  shownAt: number | null;
}

/** Engagements and blocked offers. The only module that writes SQL for them. */
export interface EngagementStore {
  create(record: EngagementRecord): Promise<void>;
  get(engagementID: string): Promise<EngagementRecord | null>;
  byVisit(visitID: string): Promise<EngagementRecord[]>;
  /**
   * Moves an engagement on, only from one of `from`: its source (the rule) when it moved, null
   * when it was elsewhere already.
   */
  transition(
    engagementID: string,
    from: readonly EngagementStatus[],
    to: EngagementStatus,
    at: number,
    reason?: string,
  ): Promise<string | null>;
  markDelivered(engagementID: string, at: number): Promise<void>;
  stats(): Promise<EngagementStats>;
}

const toRecord = (row: Record<string, unknown>): EngagementRecord => ({
  engagementID: String(row.engagement_id),
  visitID: String(row.visit_id),
  pageID: (row.page_id as string | null) ?? null,
  source: String(row.source),
  offer: row.offer as Offer,
  status: row.status as EngagementStatus,
  reason: (row.reason as string | null) ?? null,
  createdAt: Number(row.created_at),
  deliveredAt: row.delivered_at === null ? null : Number(row.delivered_at),
  shownAt: row.shown_at === null ? null : Number(row.shown_at),
});

export function createEngagementStore(db: Db): EngagementStore {
  return {
    create: async (r) => {
      await db.query(
        `INSERT INTO engagements (engagement_id, visit_id, page_id, source, offer, status, reason, created_at)
         VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8)`,
        [
          r.engagementID,
          r.visitID,
          r.pageID,
          r.source,
          JSON.stringify(r.offer),
          r.status,
          r.reason,
          r.createdAt,
        ],
      );
    },
    get: async (engagementID) => {
      const { rows } = await db.query('SELECT * FROM engagements WHERE engagement_id = $1', [
        engagementID,
      ]);
      return rows[0] ? toRecord(rows[0]) : null;
    },
    byVisit: async (visitID) => {
      const { rows } = await db.query(
        'SELECT * FROM engagements WHERE visit_id = $1 ORDER BY created_at',
        [visitID],
      );
      return rows.map(toRecord);
    },
    transition: async (engagementID, from, to, at, reason) => {
      const { rows } = await db.query(
        `UPDATE engagements SET status = $3, reason = COALESCE($5, reason),
           shown_at = CASE WHEN $3 = 'shown' THEN $4 ELSE shown_at END,
           resolved_at = CASE WHEN $3 = 'shown' THEN resolved_at ELSE $4 END
         WHERE engagement_id = $1 AND status = ANY($2::text[]) RETURNING source`,
        [engagementID, from, to, at, reason ?? null],
      );
      return (rows[0]?.source as string | undefined) ?? null;
    },
    markDelivered: async (engagementID, at) => {
      await db.query(
        'UPDATE engagements SET delivered_at = $2 WHERE engagement_id = $1 AND delivered_at IS NULL',
        [engagementID, at],
      );
    },
    stats: async () => {
      const { rows } = await db.query<{
        status: string;
        reason: string | null;
        n: number;
        shown: number;
      }>(
        `SELECT status, reason, COUNT(*)::int AS n, COUNT(shown_at)::int AS shown
         FROM engagements GROUP BY status, reason`,
      );
      const stats: EngagementStats = {
        offered: 0,
        shown: 0,
        accepted: 0,
        rejected: 0,
        timedOut: 0,
        revoked: 0,
        dropped: 0,
        blocked: {},
      };
      const finals: Partial<
        Record<EngagementStatus, 'accepted' | 'rejected' | 'timedOut' | 'revoked' | 'dropped'>
      > = {
        accepted: 'accepted',
        rejected: 'rejected',
        timed_out: 'timedOut',
        revoked: 'revoked',
        dropped: 'dropped',
      };
      for (const { status, reason, n, shown } of rows) {
        if (status === 'blocked') {
          const key = (reason ?? 'unknown') as BlockReason;
          stats.blocked[key] = (stats.blocked[key] ?? 0) + Number(n);
          continue;
        }
        stats.offered += Number(n);
        stats.shown += Number(shown);
        const final = finals[status as EngagementStatus];
        if (final) stats[final] += Number(n);
      }
      return stats;
    },
  };
}

/**
 * The store, counting each offer's outcome as it is recorded (metrics'
 * `beckon_engagement_outcomes_total`): offered or blocked with the reason, then where it moved.
 */
export function withOutcomeCounts(
  store: EngagementStore,
  count: (labels: { source: string; outcome: string; reason: string }) => void,
): EngagementStore {
  return {
    ...store,
    create: async (record) => {
      await store.create(record);
      count({ source: record.source, outcome: record.status, reason: record.reason ?? '' });
    },
    transition: async (engagementID, from, to, at, reason) => {
      const source = await store.transition(engagementID, from, to, at, reason);
      if (source) count({ source, outcome: to, reason: reason ?? '' });
      return source;
    },
  };
}
