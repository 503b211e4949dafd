import type { TrackedEvent } from '../../src/protocol/event.ts';
import { PageExitedData, VisitStartedData } from '../../src/protocol/event.ts';
import type { IngestResult } from '../../src/protocol/ingest.ts';
import type { PageView, VisitReport } from '../../src/protocol/visit.ts';
import { hashVisitKey, keyFits } from '../auth/visit-key.ts';
import type { Db, Queryable } from './db.ts';

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
  ): Promise<IngestResult | { refused: string[] }>;
  getVisit(visitID: string): Promise<VisitReport | null>;
  exists(visitID: string): Promise<boolean>;
  /** What proves a request comes from the visit's own browser; null for an unknown visit. */
  credential(visitID: string): Promise<{ globalVisitID: string; keyHash: string | null } | null>;
  /** The URL and category of each of the visit's events with this name, for rule counts. */
  eventsNamed(
    visitID: string,
    eventName: string,
  ): Promise<Array<Pick<TrackedEvent, 'eventName' | 'url' | 'category'>>>;
}

async function saveOne(tx: Queryable, event: TrackedEvent, receivedAt: number): Promise<boolean> {
  await tx.query(
    `INSERT INTO visits (visit_id, global_visit_id, started_at, last_seen_at) VALUES ($1, $2, $3, $3)
     ON CONFLICT (visit_id) DO UPDATE SET
       started_at = LEAST(visits.started_at, EXCLUDED.started_at),
       last_seen_at = GREATEST(visits.last_seen_at, EXCLUDED.last_seen_at)`,
    [event.visitID, event.globalVisitID, event.timestamp],
  );
  const inserted = await tx.query(
    `INSERT INTO events (event_id, event_type, event_name, global_visit_id, visit_id, page_id, ts, url,
       title, language_code, category, data, received_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, $13)
     ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
    [
      event.eventID,
      event.eventType,
      event.eventName,
      event.globalVisitID,
      event.visitID,
      event.pageID,
      event.timestamp,
      event.url,
      event.title,
      event.languageCode ?? null,
      event.category ?? null,
      event.data === undefined ? null : JSON.stringify(event.data),
      receivedAt,
    ],
  );
  if (inserted.rows.length === 0) return false;

  // A page view is known from its first event, whichever arrives first; its URL is the page's own.
  await tx.query(
    `INSERT INTO page_views (page_id, visit_id, url, title) VALUES ($1, $2, $3, $4)
     ON CONFLICT (page_id) DO NOTHING`,
    [event.pageID, event.visitID, event.url, event.title],
  );
  if (event.eventName === 'PageEntered') {
    await tx.query('UPDATE page_views SET entered_at = $2 WHERE page_id = $1', [
      event.pageID,
      event.timestamp,
    ]);
  }
  const exited = event.eventName === 'PageExited' ? PageExitedData.safeParse(event.data) : null;
  if (exited?.success) {
    await tx.query(
      'UPDATE page_views SET exited_at = $2, duration_ms = $3, visible_ms = $4 WHERE page_id = $1',
      [event.pageID, event.timestamp, exited.data.durationMs, exited.data.visibleMs],
    );
  }
  const started =
    event.eventName === 'VisitStarted' ? VisitStartedData.safeParse(event.data) : null;
  if (started?.success) {
    const { languageCode, timezoneOffset, referrer, screen } = started.data;
    await tx.query(
      'UPDATE visits SET language_code = $2, timezone_offset = $3, referrer = $4, screen = $5 WHERE visit_id = $1',
      [event.visitID, languageCode, timezoneOffset, referrer, screen],
    );
  }
  return true;
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

class RefusedVisits extends Error {
  constructor(readonly visitIDs: string[]) {
    super(`visit key refused for ${visitIDs.join(', ')}`);
  }
}

/** Creates the batch's new visits with their keys; throws when an existing one's key does not fit. */
async function claimVisits(
  tx: Queryable,
  events: readonly TrackedEvent[],
  keys: Readonly<Record<string, string>>,
) {
  const refused: string[] = [];
  const byVisit = new Map<string, TrackedEvent[]>();
  for (const event of events) {
    const same = byVisit.get(event.visitID);
    if (same) same.push(event);
    else byVisit.set(event.visitID, [event]);
  }
  for (const [visitID, [first, ...rest]] of byVisit) {
    const key = keys[visitID];
    if (!first || key === undefined) {
      refused.push(visitID);
      continue;
    }
    await tx.query(
      `INSERT INTO visits (visit_id, global_visit_id, started_at, last_seen_at, key_hash)
       VALUES ($1, $2, $3, $3, $4) ON CONFLICT (visit_id) DO NOTHING`,
      [visitID, first.globalVisitID, first.timestamp, hashVisitKey(key)],
    );
    const { rows } = await tx.query<{ global_visit_id: string; key_hash: string | null }>(
      'SELECT global_visit_id, key_hash FROM visits WHERE visit_id = $1',
      [visitID],
    );
    const row = rows[0];
    const fits =
      row !== undefined &&
      keyFits(row.key_hash, key) &&
      [first, ...rest].every((event) => event.globalVisitID === row.global_visit_id);
    if (!fits) refused.push(visitID);
  }
  if (refused.length) throw new RefusedVisits(refused);
}

const num = (value: unknown) => (value === null || value === undefined ? null : Number(value));

export function createVisitStore(db: Db): VisitStore {
  return {
    saveEvents: async (events, keys, receivedAt) => {
      try {
        return await db.transaction(async (tx) => {
          await claimVisits(tx, events, keys);
          const result: IngestResult = { accepted: [], duplicates: [] };
          for (const event of events) {
            const fresh = await saveOne(tx, event, receivedAt);
            (fresh ? result.accepted : result.duplicates).push(event.eventID);
          }
          return result;
        });
      } catch (error) {
        if (error instanceof RefusedVisits) return { refused: error.visitIDs };
        throw error;
      }
    },

    credential: async (visitID) => {
      const { rows } = await db.query<{ global_visit_id: string; key_hash: string | null }>(
        'SELECT global_visit_id, key_hash FROM visits WHERE visit_id = $1',
        [visitID],
      );
      const row = rows[0];
      return row ? { globalVisitID: row.global_visit_id, keyHash: row.key_hash } : null;
    },

    exists: async (visitID) =>
      (await db.query('SELECT 1 FROM visits WHERE visit_id = $1', [visitID])).rows.length > 0,

    eventsNamed: async (visitID, eventName) => {
      const { rows } = await db.query<{ url: string; category: string | null }>(
        'SELECT url, category FROM events WHERE visit_id = $1 AND event_name = $2',
        [visitID, eventName],
      );
      return rows.map((row) => ({
        eventName,
        url: row.url,
        ...(row.category ? { category: row.category } : {}),
      }));
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
