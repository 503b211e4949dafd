import type { TrackedEvent } from '../../src/protocol/event.ts';
import type { PageView, VisitReport } from '../../src/protocol/visit.ts';
import type { Db } from './db.ts';
import { type BatchOutcome, type IngestBatch, writeBatches } from './event-batches.ts';
import { groupCommit } from './group-commit.ts';

/** Visits, page views and events. The only module that writes SQL for them. */
export interface VisitStore {
  /**
   * Stores each event once: an eventID seen before is reported as a duplicate and changes nothing.
   * A new visit is created with the key it came with; an existing one must come with that key and
   * its own globalVisitID. When a visit of the batch fails that, nothing is stored and the answer
   * names every such visit.
   */
  saveEvents(
    events: readonly TrackedEvent[],
    keys: Readonly<Record<string, string>>,
    receivedAt: number,
  ): Promise<BatchOutcome>;
  getVisit(visitID: string): Promise<VisitReport | null>;
  exists(visitID: string): Promise<boolean>;
  /** What proves a request comes from the visit's own browser; null for an unknown visit. */
  credential(visitID: string): Promise<{ globalVisitID: string; keyHash: string | null } | null>;
  /**
   * For rule counts, in one query for a whole batch: each stored event of the visits and names of
   * `events` (its URL and category); the answer looks them up by visit and name.
   */
  eventsNamed(
    events: ReadonlyArray<Pick<TrackedEvent, 'visitID' | 'eventName'>>,
  ): Promise<
    (
      event: Pick<TrackedEvent, 'visitID' | 'eventName'>,
    ) => Array<Pick<TrackedEvent, 'eventName' | 'url' | 'category'>>
  >;
}

interface EventRow {
  event_type: TrackedEvent['eventType'];
  event_name: string;
  event_id: string;
  global_visit_id: string;
  visit_id: string;
  page_id: string;
  ts: number;
  url: string;
  title: string;
  language_code: string | null;
  category: string | null;
  data: Record<string, unknown> | null;
}

const toEvent = (row: EventRow): TrackedEvent => ({
  eventType: row.event_type,
  eventName: row.event_name,
  eventID: row.event_id,
  globalVisitID: row.global_visit_id,
  visitID: row.visit_id,
  pageID: row.page_id,
  timestamp: Number(row.ts),
  url: row.url,
  title: row.title,
  ...(row.language_code === null ? {} : { languageCode: row.language_code }),
  ...(row.category === null ? {} : { category: row.category }),
  ...(row.data === null ? {} : { data: row.data }),
});

const num = (value: unknown) => (value === null || value === undefined ? null : Number(value));

export function createVisitStore(db: Db): VisitStore {
  // Batches that arrive while others are being written are written together, in one statement
  // (a round); PGlite has one connection, a PostgreSQL server a pool to share with every route.
  const save = groupCommit<IngestBatch, BatchOutcome>((batches) => writeBatches(db, batches), {
    rounds: db.kind === 'pglite' ? 1 : 4,
    max: 200,
  });
  return {
    saveEvents: (events, keys, receivedAt) => save({ events, keys, receivedAt }),

    credential: async (visitID) => {
      const { rows } = await db.query<{ global_visit_id: string; key_hash: string | null }>(
        'SELECT global_visit_id, key_hash FROM visits WHERE visit_id = $1',
        [visitID],
        { prepared: true },
      );
      const row = rows[0];
      return row ? { globalVisitID: row.global_visit_id, keyHash: row.key_hash } : null;
    },

    exists: async (visitID) =>
      (await db.query('SELECT 1 FROM visits WHERE visit_id = $1', [visitID])).rows.length > 0,

    eventsNamed: async (events) => {
      const wanted = new Map(events.map((e) => [`${e.visitID} ${e.eventName}`, e]));
      const { rows } = await db.query<{
        visit_id: string;
        event_name: string;
        url: string;
        category: string | null;
      }>(
        `SELECT e.visit_id, e.event_name, e.url, e.category
         FROM jsonb_to_recordset($1::jsonb) AS w(visit_id text, event_name text)
         JOIN events e ON e.visit_id = w.visit_id AND e.event_name = w.event_name`,
        [
          JSON.stringify(
            [...wanted.values()].map((e) => ({ visit_id: e.visitID, event_name: e.eventName })),
          ),
        ],
        { prepared: true },
      );
      const found = new Map<string, Array<Pick<TrackedEvent, 'eventName' | 'url' | 'category'>>>();
      for (const row of rows) {
        const key = `${row.visit_id} ${row.event_name}`;
        const past = found.get(key) ?? [];
        past.push({
          eventName: row.event_name,
          url: row.url,
          ...(row.category ? { category: row.category } : {}),
        });
        found.set(key, past);
      }
      return (event) => found.get(`${event.visitID} ${event.eventName}`) ?? [];
    },

    getVisit: async (visitID) => {
      const visit = await db.query<Record<string, unknown>>(
        'SELECT * FROM visits WHERE visit_id = $1',
        [visitID],
      );
      const row = visit.rows[0];
      if (!row) return null;
      const events = await db.query<EventRow>(
        'SELECT * FROM events WHERE visit_id = $1 ORDER BY ts, seq',
        [visitID],
      );
      const pages = await db.query<Record<string, unknown>>(
        `SELECT p.* FROM page_views p
         LEFT JOIN (SELECT page_id, MIN(ts) AS first_ts FROM events WHERE visit_id = $1 GROUP BY page_id) f
           ON f.page_id = p.page_id
         WHERE p.visit_id = $1 ORDER BY COALESCE(p.entered_at, f.first_ts)`,
        [visitID],
      );
      return {
        visitID,
        globalVisitID: String(row.global_visit_id),
        startedAt: Number(row.started_at),
        lastSeenAt: Number(row.last_seen_at),
        languageCode: (row.language_code as string | null) ?? null,
        timezoneOffset: num(row.timezone_offset),
        referrer: (row.referrer as string | null) ?? null,
        pages: pages.rows.map(
          (p): PageView => ({
            pageID: String(p.page_id),
            url: String(p.url),
            title: String(p.title),
            enteredAt: num(p.entered_at),
            exitedAt: num(p.exited_at),
            durationMs: num(p.duration_ms),
            visibleMs: num(p.visible_ms),
          }),
        ),
        events: events.rows.map(toEvent),
      };
    },
  };
}
