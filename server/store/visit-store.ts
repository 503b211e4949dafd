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

// A batch is written with three set-based statements, whatever its size (visits, events, page
// views): its rows travel as one JSON array each (`jsonb_to_recordset`, the same on PGlite and on a
// PostgreSQL server). Where the batch says a thing twice, the later event wins, as it would one
// event at a time. An event sent again is the same event, so what it says of its visit and page is
// written again unchanged.

/**
 * Creates the batch's new visits with their keys and moves the others' first and last seen; a visit
 * whose stored key or globalVisitID the batch does not fit throws (the transaction undoes it all).
 */
async function claimVisits(
  tx: Queryable,
  events: readonly TrackedEvent[],
  keys: Readonly<Record<string, string>>,
) {
  const byVisit = new Map<string, TrackedEvent[]>();
  for (const event of events)
    byVisit.set(event.visitID, [...(byVisit.get(event.visitID) ?? []), event]);
  // What each visit's VisitStarted says of it (the batch's last, should it hold two).
  const started = new Map(
    events.flatMap((e) => {
      const data = e.eventName === 'VisitStarted' ? VisitStartedData.safeParse(e.data) : null;
      return data?.success ? [[e.visitID, data.data] as const] : [];
    }),
  );
  const claims = [...byVisit]
    .filter(([visitID]) => keys[visitID] !== undefined)
    .map(([visitID, visitEvents]) => ({
      visit_id: visitID,
      global_visit_id: visitEvents[0]?.globalVisitID,
      first: Math.min(...visitEvents.map((e) => e.timestamp)),
      last: Math.max(...visitEvents.map((e) => e.timestamp)),
      key_hash: hashVisitKey(keys[visitID] as string),
      ...started.get(visitID),
    }));
  const { rows } = claims.length
    ? await tx.query<{ visit_id: string; global_visit_id: string; key_hash: string | null }>(
        `INSERT INTO visits (visit_id, global_visit_id, started_at, last_seen_at, key_hash,
           language_code, timezone_offset, referrer, screen)
         SELECT visit_id, global_visit_id, first, last, key_hash, "languageCode", "timezoneOffset",
           referrer, screen
         FROM jsonb_to_recordset($1::jsonb) AS c(visit_id text, global_visit_id text, first bigint,
           last bigint, key_hash text, "languageCode" text, "timezoneOffset" integer, referrer text,
           screen text)
         ON CONFLICT (visit_id) DO UPDATE SET
           started_at = LEAST(visits.started_at, EXCLUDED.started_at),
           last_seen_at = GREATEST(visits.last_seen_at, EXCLUDED.last_seen_at),
           language_code = COALESCE(EXCLUDED.language_code, visits.language_code),
           timezone_offset = COALESCE(EXCLUDED.timezone_offset, visits.timezone_offset),
           referrer = COALESCE(EXCLUDED.referrer, visits.referrer),
           screen = COALESCE(EXCLUDED.screen, visits.screen)
         RETURNING visit_id, global_visit_id, key_hash`,
        [JSON.stringify(claims)],
      )
    : { rows: [] };
  const stored = new Map(rows.map((row) => [row.visit_id, row]));
  // Named in the batch's order, as the answer lists them.
  const refused = [...byVisit].flatMap(([visitID, visitEvents]) => {
    const row = stored.get(visitID);
    const key = keys[visitID];
    const fits =
      row !== undefined &&
      key !== undefined &&
      keyFits(row.key_hash, key) &&
      visitEvents.every((event) => event.globalVisitID === row.global_visit_id);
    return fits ? [] : [visitID];
  });
  if (refused.length) throw new RefusedVisits(refused);
}

/** Stores the batch's new events; returns the eventIDs stored now (the others were seen before). */
async function insertEvents(
  tx: Queryable,
  events: readonly TrackedEvent[],
  receivedAt: number,
): Promise<Set<string>> {
  const rows = events.map((event, ord) => ({
    ord,
    event_id: event.eventID,
    event_type: event.eventType,
    event_name: event.eventName,
    global_visit_id: event.globalVisitID,
    visit_id: event.visitID,
    page_id: event.pageID,
    ts: event.timestamp,
    url: event.url,
    title: event.title,
    language_code: event.languageCode ?? null,
    category: event.category ?? null,
    data: event.data ?? null,
  }));
  const { rows: inserted } = await tx.query<{ event_id: string }>(
    `INSERT INTO events (event_id, event_type, event_name, global_visit_id, visit_id, page_id, ts,
       url, title, language_code, category, data, received_at)
     SELECT event_id, event_type, event_name, global_visit_id, visit_id, page_id, ts, url, title,
       language_code, category, data, $2
     FROM jsonb_to_recordset($1::jsonb) AS e(ord integer, event_id text, event_type text,
       event_name text, global_visit_id text, visit_id text, page_id text, ts bigint, url text,
       title text, language_code text, category text, data jsonb)
     ORDER BY ord
     ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
    [JSON.stringify(rows), receivedAt],
  );
  return new Set(inserted.map((row) => row.event_id));
}

/**
 * The batch's page views: known from their first event, whichever arrives first (the URL is the
 * page's own), entered with PageEntered, left with PageExited and how long it was seen.
 */
async function recordPageViews(tx: Queryable, events: readonly TrackedEvent[]) {
  const pages = new Map<string, Record<string, unknown>>();
  for (const e of events) {
    const page = pages.get(e.pageID) ?? {
      page_id: e.pageID,
      visit_id: e.visitID,
      url: e.url,
      title: e.title,
    };
    if (e.eventName === 'PageEntered') page.entered_at = e.timestamp;
    const exited = e.eventName === 'PageExited' ? PageExitedData.safeParse(e.data) : null;
    if (exited?.success)
      Object.assign(page, {
        exited_at: e.timestamp,
        duration_ms: exited.data.durationMs,
        visible_ms: exited.data.visibleMs,
      });
    pages.set(e.pageID, page);
  }
  await tx.query(
    `INSERT INTO page_views (page_id, visit_id, url, title, entered_at, exited_at, duration_ms, visible_ms)
     SELECT page_id, visit_id, url, title, entered_at, exited_at, duration_ms, visible_ms
     FROM jsonb_to_recordset($1::jsonb) AS p(page_id text, visit_id text, url text, title text,
       entered_at bigint, exited_at bigint, duration_ms integer, visible_ms integer)
     ON CONFLICT (page_id) DO UPDATE SET
       entered_at = COALESCE(EXCLUDED.entered_at, page_views.entered_at),
       exited_at = COALESCE(EXCLUDED.exited_at, page_views.exited_at),
       duration_ms = COALESCE(EXCLUDED.duration_ms, page_views.duration_ms),
       visible_ms = COALESCE(EXCLUDED.visible_ms, page_views.visible_ms)`,
    [JSON.stringify([...pages.values()])],
  );
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

const num = (value: unknown) => (value === null || value === undefined ? null : Number(value));

export function createVisitStore(db: Db): VisitStore {
  return {
    saveEvents: async (events, keys, receivedAt) => {
      try {
        return await db.transaction(async (tx) => {
          await claimVisits(tx, events, keys);
          const fresh = await insertEvents(tx, events, receivedAt);
          await recordPageViews(tx, events);
          // An eventID twice in one batch is stored once: the first is accepted, the other a duplicate.
          const result: IngestResult = { accepted: [], duplicates: [] };
          for (const { eventID } of events) {
            const first = fresh.delete(eventID);
            (first ? result.accepted : result.duplicates).push(eventID);
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
