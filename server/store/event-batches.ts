import type { TrackedEvent } from '../../src/protocol/event.ts';
import { PageExitedData, VisitStartedData } from '../../src/protocol/event.ts';
import type { IngestResult } from '../../src/protocol/ingest.ts';
import { hashVisitKey, keyFits } from '../auth/visit-key.ts';
import type { Queryable } from './db.ts';

// Batches of events written together, in one transaction: four set-based statements whatever
// their number and size (visits read, visits written, events, page views). Rows travel as one JSON array per statement (`jsonb_to_recordset`, the
// same on PGlite and on a PostgreSQL server). Where the batches say a thing twice, the later wins,
// as it would one event at a time; an event sent again is the same event, so what it says of its
// visit and page is written again unchanged. Rows are locked in key order (visit, then page), so
// two transactions writing the same visits cannot deadlock.

/** One request's events, with the keys of their visits. */
export interface IngestBatch {
  events: readonly TrackedEvent[];
  keys: Readonly<Record<string, string>>;
  receivedAt: number;
}

/** Each event stored once (`accepted`) or seen before (`duplicates`), or the visits refused. */
export type BatchOutcome = IngestResult | { refused: string[] };

const json = (rows: unknown[]) => JSON.stringify(rows);

/** Each visit's events, in batch order. */
function visitsOf(events: readonly TrackedEvent[]) {
  const visits = new Map<string, TrackedEvent[]>();
  for (const event of events) {
    const same = visits.get(event.visitID);
    if (same) same.push(event);
    else visits.set(event.visitID, [event]);
  }
  return visits;
}

type Credential = { visit_id: string; global_visit_id: string; key_hash: string | null };

/** Whether a batch's events of one visit fit what is stored of it: its key and globalVisitID. */
const fits = (stored: Credential | undefined, key: string | undefined, events: TrackedEvent[]) =>
  stored !== undefined &&
  key !== undefined &&
  keyFits(stored.key_hash, key) &&
  events.every((event) => event.globalVisitID === stored.global_visit_id);

/**
 * Checks each batch's visits against what is stored (its key and globalVisitID; a new visit takes
 * the key of the first batch that names it), then writes the visits of the batches that fit: new
 * ones with their keys, first and last seen, what VisitStarted says. Names, per batch, the visits
 * it does not fit: such a batch writes nothing.
 */
async function claimVisits(tx: Queryable, batches: readonly IngestBatch[]): Promise<string[][]> {
  const named = [...new Set(batches.flatMap((batch) => batch.events.map((e) => e.visitID)))];
  const { rows } = await tx.query<Credential>(
    `SELECT visit_id, global_visit_id, key_hash FROM visits
     WHERE visit_id IN (SELECT jsonb_array_elements_text($1::jsonb))`,
    [json(named)],
  );
  const known = new Map(rows.map((row) => [row.visit_id, row]));
  const claimed = new Map(known);
  const perBatch = batches.map((batch) => visitsOf(batch.events));
  const refused = batches.map(({ keys }, i) =>
    [...(perBatch[i] ?? [])].flatMap(([visitID, visitEvents]) => {
      const key = keys[visitID];
      if (!claimed.has(visitID) && key !== undefined && visitEvents[0])
        claimed.set(visitID, {
          visit_id: visitID,
          global_visit_id: visitEvents[0].globalVisitID,
          key_hash: hashVisitKey(key),
        });
      return fits(claimed.get(visitID), key, visitEvents) ? [] : [visitID];
    }),
  );
  const events = batches.flatMap((batch, i) => (refused[i]?.length ? [] : batch.events));
  if (!events.length) return refused;
  const visits = [...visitsOf(events)].map(([visitID, visitEvents]) => {
    const started = visitEvents.flatMap((e) => {
      const data = e.eventName === 'VisitStarted' ? VisitStartedData.safeParse(e.data) : null;
      return data?.success ? [data.data] : [];
    });
    const times = visitEvents.map((e) => e.timestamp);
    return {
      ...claimed.get(visitID),
      first: Math.min(...times),
      last: Math.max(...times),
      ...started.at(-1),
    };
  });
  const { rows: written } = await tx.query<Credential>(
    `INSERT INTO visits (visit_id, global_visit_id, started_at, last_seen_at, key_hash,
       language_code, timezone_offset, referrer, screen)
     SELECT visit_id, global_visit_id, first, last, key_hash, "languageCode", "timezoneOffset",
       referrer, screen
     FROM jsonb_to_recordset($1::jsonb) AS v(visit_id text, global_visit_id text, first bigint,
       last bigint, key_hash text, "languageCode" text, "timezoneOffset" integer, referrer text,
       screen text)
     ORDER BY visit_id
     ON CONFLICT (visit_id) DO UPDATE SET
       started_at = LEAST(visits.started_at, EXCLUDED.started_at),
       last_seen_at = GREATEST(visits.last_seen_at, EXCLUDED.last_seen_at),
       language_code = COALESCE(EXCLUDED.language_code, visits.language_code),
       timezone_offset = COALESCE(EXCLUDED.timezone_offset, visits.timezone_offset),
       referrer = COALESCE(EXCLUDED.referrer, visits.referrer),
       screen = COALESCE(EXCLUDED.screen, visits.screen)
     RETURNING visit_id, global_visit_id, key_hash`,
    [json(visits)],
  );
  // A visit another transaction created meanwhile, with another key: its batch is refused now.
  const stored = new Map(written.map((row) => [row.visit_id, row]));
  return batches.map(({ keys }, i) =>
    refused[i]?.length
      ? refused[i]
      : [...(perBatch[i] ?? [])].flatMap(([visitID, visitEvents]) =>
          fits(stored.get(visitID), keys[visitID], visitEvents) ? [] : [visitID],
        ),
  );
}

/** Stores the events not seen before; returns their eventIDs. */
async function insertEvents(tx: Queryable, batches: readonly IngestBatch[]) {
  const rows = batches
    .flatMap(({ events, receivedAt }) =>
      events.map((event) => ({
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
        received_at: receivedAt,
      })),
    )
    .map((row, ord) => ({ ...row, ord }));
  const { rows: inserted } = await tx.query<{ event_id: string }>(
    `INSERT INTO events (event_id, event_type, event_name, global_visit_id, visit_id, page_id, ts,
       url, title, language_code, category, data, received_at)
     SELECT event_id, event_type, event_name, global_visit_id, visit_id, page_id, ts, url, title,
       language_code, category, data, received_at
     FROM jsonb_to_recordset($1::jsonb) AS e(event_id text, event_type text, event_name text,
       global_visit_id text, visit_id text, page_id text, ts bigint, url text, title text,
       language_code text, category text, data jsonb, received_at bigint, ord integer)
     ORDER BY ord
     ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
    [json(rows)],
  );
  return new Set(inserted.map((row) => row.event_id));
}

/**
 * The page views: known from their first event, whichever arrives first (the URL is the page's
 * own), entered with PageEntered, left with PageExited and how long it was seen.
 */
async function upsertPageViews(tx: Queryable, events: readonly TrackedEvent[]) {
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
     ORDER BY page_id
     ON CONFLICT (page_id) DO UPDATE SET
       entered_at = COALESCE(EXCLUDED.entered_at, page_views.entered_at),
       exited_at = COALESCE(EXCLUDED.exited_at, page_views.exited_at),
       duration_ms = COALESCE(EXCLUDED.duration_ms, page_views.duration_ms),
       visible_ms = COALESCE(EXCLUDED.visible_ms, page_views.visible_ms)`,
    [json([...pages.values()])],
  );
}

/** Writes the batches in `tx`; answers each in order. A refused batch writes no event. */
export async function writeBatches(
  tx: Queryable,
  batches: readonly IngestBatch[],
): Promise<BatchOutcome[]> {
  const refused = await claimVisits(tx, batches);
  const kept = batches.filter((_, i) => refused[i]?.length === 0);
  const events = kept.flatMap((batch) => batch.events);
  const fresh = new Set<string>();
  if (events.length) {
    for (const id of await insertEvents(tx, kept)) fresh.add(id);
    await upsertPageViews(tx, events);
  }
  // An eventID twice, in one batch or two, is stored once: the first is accepted, the rest duplicates.
  return batches.map((batch, i) => {
    const visits = refused[i] ?? [];
    if (visits.length) return { refused: visits };
    const result: IngestResult = { accepted: [], duplicates: [] };
    for (const { eventID } of batch.events)
      (fresh.delete(eventID) ? result.accepted : result.duplicates).push(eventID);
    return result;
  });
}
