import type { FunnelCounts } from '../../src/protocol/funnel.ts';
import type { Db } from './db.ts';

export const BUCKET_MS = { hour: 3_600_000, day: 86_400_000 } as const;

export interface FunnelFilter {
  from: number;
  to: number;
  bucket: keyof typeof BUCKET_MS;
  rule?: string | undefined;
  media?: string | undefined;
}

/** One (rule, bucket) cell of the funnel, as SQL counts it. */
export interface FunnelCell extends Omit<FunnelCounts, 'visits'> {
  rule: string;
  at: number;
}

// What became of each accepted offer is looked for after it, in the same visit: the media opened
// (the page's MediaOpened naming the offer), a chat an agent joined or that ended, a callback
// booked, an inbox message sent. Indexed (migrations.ts) so 28 days of a busy site stay quick.
const CELLS = `
  SELECT g.source AS rule, (floor(g.created_at / $3::float8) * $3)::bigint AS at,
    count(*) FILTER (WHERE g.status <> 'blocked')::int AS offered,
    count(g.shown_at)::int AS shown,
    count(*) FILTER (WHERE g.status = 'accepted')::int AS accepted,
    count(*) FILTER (WHERE g.status = 'rejected')::int AS rejected,
    count(*) FILTER (WHERE g.status = 'timed_out')::int AS "timedOut",
    count(*) FILTER (WHERE g.status = 'accepted' AND EXISTS (
      SELECT 1 FROM events ev WHERE ev.event_name = 'MediaOpened'
        AND ev.data->>'engagementID' = g.engagement_id))::int AS "mediaOpened",
    count(*) FILTER (WHERE g.status = 'accepted' AND EXISTS (
      SELECT 1 FROM gms_chats c WHERE c.user_data->>'visitID' = g.visit_id
        AND c.created_at >= g.created_at AND c.agent_name IS NOT NULL))::int AS "agentJoined",
    count(*) FILTER (WHERE g.status = 'accepted' AND EXISTS (
      SELECT 1 FROM gms_callbacks b WHERE b.user_data->>'visitID' = g.visit_id
        AND b.created_at >= g.created_at))::int AS booked,
    count(*) FILTER (WHERE g.status = 'accepted' AND EXISTS (
      SELECT 1 FROM inbox_messages m WHERE m.visit_id = g.visit_id
        AND m.created_at >= g.created_at))::int AS sent,
    count(*) FILTER (WHERE g.status = 'accepted' AND EXISTS (
      SELECT 1 FROM gms_chats c WHERE c.user_data->>'visitID' = g.visit_id
        AND c.created_at >= g.created_at AND c.state = 'ended'))::int AS ended
  FROM engagements g
  WHERE g.created_at >= $1 AND g.created_at < $2
    AND ($4::text IS NULL OR g.source = $4) AND ($5::text IS NULL OR g.offer->>'type' = $5)
  GROUP BY 1, 2`;

const BLOCKED = `
  SELECT g.source AS rule, (floor(g.created_at / $3::float8) * $3)::bigint AS at, g.reason,
    count(*)::int AS n
  FROM engagements g
  WHERE g.status = 'blocked' AND g.created_at >= $1 AND g.created_at < $2
    AND ($4::text IS NULL OR g.source = $4) AND ($5::text IS NULL OR g.offer->>'type' = $5)
  GROUP BY 1, 2, 3`;

// Visits by when the server received their start (its own clock).
const VISITS = `
  SELECT (floor(received_at / $3::float8) * $3)::bigint AS at, count(*)::int AS n
  FROM events
  WHERE event_name = 'VisitStarted' AND received_at >= $1 AND received_at < $2
  GROUP BY 1`;

/** The funnel's counts by rule and time bucket, and the visits started by bucket. */
export function createFunnelStore(db: Db) {
  return {
    cells: async (filter: FunnelFilter) => {
      const params = [
        filter.from,
        filter.to,
        BUCKET_MS[filter.bucket],
        filter.rule ?? null,
        filter.media ?? null,
      ];
      const [cells, blocked, visits] = await Promise.all([
        db.query<FunnelCell>(CELLS, params),
        db.query<{ rule: string; at: number; reason: string | null; n: number }>(BLOCKED, params),
        db.query<{ at: number; n: number }>(VISITS, params.slice(0, 3)),
      ]);
      const byCell = new Map<string, FunnelCell>();
      for (const cell of cells.rows) {
        const at = Number(cell.at);
        byCell.set(`${cell.rule} ${at}`, { ...cell, at, blocked: {} });
      }
      for (const row of blocked.rows) {
        const at = Number(row.at);
        const cell = byCell.get(`${row.rule} ${at}`);
        if (cell) cell.blocked[row.reason ?? 'unknown'] = row.n;
      }
      return {
        cells: [...byCell.values()],
        visits: visits.rows.map((row) => ({ at: Number(row.at), n: row.n })),
      };
    },
    /** Visits received from since `since`, and the chats waiting with the oldest's start. */
    now: async (since: number) => {
      const [visits, waiting] = await Promise.all([
        db.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM visits WHERE last_received_at >= $1',
          [since],
        ),
        db.query<{ n: number; oldest: string | null }>(
          "SELECT count(*)::int AS n, min(created_at) AS oldest FROM gms_chats WHERE state = 'waiting'",
        ),
      ]);
      const oldest = waiting.rows[0]?.oldest;
      return {
        visitsActive: visits.rows[0]?.n ?? 0,
        chatsWaiting: waiting.rows[0]?.n ?? 0,
        oldestWaiting: oldest === null || oldest === undefined ? null : Number(oldest),
      };
    },
  };
}

export type FunnelStore = ReturnType<typeof createFunnelStore>;
