import type { TrackedEvent } from '../../src/protocol/event.ts';
import { PageExitedData, VisitStartedData } from '../../src/protocol/event.ts';
import type { IngestResult } from '../../src/protocol/ingest.ts';
import { hashVisitKey, keyFits } from '../auth/visit-key.ts';
import type { Queryable } from './db.ts';

// Batches of events written together in one SQL statement, whatever their number and size: the
// visits, the events and the page views, each as one JSON array (`jsonb_to_recordset`, the same on
// PGlite and on a PostgreSQL server). One statement is one round trip and its own transaction, and
// round trips, not rows, are what ingest waits on. Where the batches say a thing twice, the later
// wins, as it would one event at a time; an event sent again is the same event, so what it says of
// its visit and page is written again unchanged. Rows are locked in key order (visit, then page),
// so two statements writing the same visits cannot deadlock.

/** One request's events, with the keys of their visits. */
export interface IngestBatch {
  events: readonly TrackedEvent[];
  keys: Readonly<Record<string, string>>;
  receivedAt: number;
}

/** Each event stored once (`accepted`) or seen before (`duplicates`), or the visits refused. */
export type BatchOutcome = IngestResult | { refused: string[] };

/** What a batch says its visit is, or what is stored of it. */
type Credential = { visit_id: string; global_visit_id: string; key_hash: string | null };

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

/** Whether a batch's events of one visit fit what is stored of it: its key and globalVisitID. */
const fits = (stored: Credential | undefined, key: string | undefined, events: TrackedEvent[]) =>
  stored !== undefined &&
  key !== undefined &&
  keyFits(stored.key_hash, key) &&
  events.every((event) => event.globalVisitID === stored.global_visit_id);

/**
 * The visits of batches that name each visit with one key and one globalVisitID, and the claim
 * they make on it; null when two batches (or two events) disagree, as a page that lost its visit
 * and one still sending for it do: then only what is stored can say which of them is right.
 */
function agreedClaims(batches: readonly IngestBatch[], perBatch: Map<string, TrackedEvent[]>[]) {
  const claims = new Map<string, { key: string; globalVisitID: string }>();
  for (const [i, { keys }] of batches.entries())
    for (const [visitID, events] of perBatch[i] ?? []) {
      const key = keys[visitID];
      const globalVisitID = events[0]?.globalVisitID;
      if (key === undefined || events.some((e) => e.globalVisitID !== globalVisitID)) return null;
      const claim = claims.get(visitID);
      if (claim && (claim.key !== key || claim.globalVisitID !== globalVisitID)) return null;
      claims.set(visitID, { key, globalVisitID: globalVisitID as string });
    }
  return new Map(
    [...claims].map(([visitID, claim]): [string, Credential] => [
      visitID,
      {
        visit_id: visitID,
        global_visit_id: claim.globalVisitID,
        key_hash: hashVisitKey(claim.key),
      },
    ]),
  );
}

/**
 * When batches disagree on a visit: what is stored of it decides (a new visit takes the key of the
 * first batch that names it). Names, per batch, the visits it does not fit; such a batch is not
 * written. One more round trip, for a case a visitor's own pages rarely make.
 */
async function storedClaims(
  db: Queryable,
  batches: readonly IngestBatch[],
  perBatch: Map<string, TrackedEvent[]>[],
) {
  const named = [...new Set(perBatch.flatMap((visits) => [...visits.keys()]))];
  const { rows } = await db.query<Credential>(
    `SELECT visit_id, global_visit_id, key_hash FROM visits
     WHERE visit_id IN (SELECT jsonb_array_elements_text($1::jsonb))`,
    [json(named)],
  );
  const claims = new Map(rows.map((row) => [row.visit_id, row]));
  const refused = batches.map(({ keys }, i) =>
    [...(perBatch[i] ?? [])].flatMap(([visitID, events]) => {
      const key = keys[visitID];
      if (!claims.has(visitID) && key !== undefined && events[0])
        claims.set(visitID, {
          visit_id: visitID,
          global_visit_id: events[0].globalVisitID,
          key_hash: hashVisitKey(key),
        });
      return fits(claims.get(visitID), key, events) ? [] : [visitID];
    }),
  );
  return { claims, refused };
}

/**
 * Each visit as written: its claim, first and last seen (the browser's clock), when the server last
 * received for it (its own clock, which retention goes by), and what VisitStarted says.
 */
function visitRows(
  events: readonly TrackedEvent[],
  claims: Map<string, Credential>,
  received: number,
) {
  return [...visitsOf(events)].map(([visitID, visitEvents]) => {
    const started = visitEvents.flatMap((e) => {
      const data = e.eventName === 'VisitStarted' ? VisitStartedData.safeParse(e.data) : null;
      return data?.success ? [data.data] : [];
    });
    const times = visitEvents.map((e) => e.timestamp);
    return {
      ...claims.get(visitID),
      first: Math.min(...times),
      last: Math.max(...times),
      received,
      ...started.at(-1),
    };
  });
}

/** Each event with its batch (to refuse a batch whole) and its place in the round. */
const eventRows = (batches: ReadonlyArray<{ batch: number } & IngestBatch>) =>
  batches
    .flatMap(({ batch, events, receivedAt }) =>
      events.map((event) => ({
        batch,
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

/**
 * The page views: known from their first event, whichever arrives first (the URL is the page's
 * own), entered with PageEntered, left with PageExited and how long it was seen.
 */
function pageRows(events: readonly TrackedEvent[]) {
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
  return [...pages.values()];
}

// A visit stored with another key or browser is left untouched and not returned, so every batch
// naming it is refused, whatever was claimed before the statement (another node may have created
// the visit a moment ago). Comparing the keys' SHA-256 with `=` tells a timing attacker nothing
// of a key. The visits are written first and whole: the events and pages wait on `written`. A page
// view known already is written again only by its own visit, and only when it was entered or left
// (most events say neither): another visit naming its pageID changes nothing of it.
const WRITE = `
  WITH written AS (
    INSERT INTO visits (visit_id, global_visit_id, started_at, last_seen_at, last_received_at,
      key_hash, language_code, timezone_offset, referrer, screen)
    SELECT visit_id, global_visit_id, first, last, received, key_hash, "languageCode",
      "timezoneOffset", referrer, screen
    FROM jsonb_to_recordset($1::jsonb) AS v(visit_id text, global_visit_id text, first bigint,
      last bigint, received bigint, key_hash text, "languageCode" text, "timezoneOffset" integer,
      referrer text, screen text)
    ORDER BY visit_id
    ON CONFLICT (visit_id) DO UPDATE SET
      started_at = LEAST(visits.started_at, EXCLUDED.started_at),
      last_seen_at = GREATEST(visits.last_seen_at, EXCLUDED.last_seen_at),
      last_received_at = GREATEST(visits.last_received_at, EXCLUDED.last_received_at),
      language_code = COALESCE(EXCLUDED.language_code, visits.language_code),
      timezone_offset = COALESCE(EXCLUDED.timezone_offset, visits.timezone_offset),
      referrer = COALESCE(EXCLUDED.referrer, visits.referrer),
      screen = COALESCE(EXCLUDED.screen, visits.screen)
    WHERE visits.key_hash = EXCLUDED.key_hash
      AND visits.global_visit_id = EXCLUDED.global_visit_id
    RETURNING visit_id
  ), incoming AS (
    SELECT * FROM jsonb_to_recordset($2::jsonb) AS e(batch integer, ord integer, event_id text,
      event_type text, event_name text, global_visit_id text, visit_id text, page_id text,
      ts bigint, url text, title text, language_code text, category text, data jsonb,
      received_at bigint)
  ), refused AS (
    SELECT DISTINCT batch FROM incoming WHERE visit_id NOT IN (SELECT visit_id FROM written)
  ), stored AS (
    INSERT INTO events (event_id, event_type, event_name, global_visit_id, visit_id, page_id, ts,
      url, title, language_code, category, data, received_at)
    SELECT event_id, event_type, event_name, global_visit_id, visit_id, page_id, ts, url, title,
      language_code, category, data, received_at
    FROM incoming WHERE batch NOT IN (SELECT batch FROM refused)
    ORDER BY ord
    ON CONFLICT (event_id) DO NOTHING RETURNING event_id
  ), paged AS (
    INSERT INTO page_views (page_id, visit_id, url, title, entered_at, exited_at, duration_ms,
      visible_ms)
    SELECT page_id, visit_id, url, title, entered_at, exited_at, duration_ms, visible_ms
    FROM jsonb_to_recordset($3::jsonb) AS p(page_id text, visit_id text, url text, title text,
      entered_at bigint, exited_at bigint, duration_ms integer, visible_ms integer)
    WHERE visit_id IN (SELECT visit_id FROM written)
    ORDER BY page_id
    ON CONFLICT (page_id) DO UPDATE SET
      entered_at = COALESCE(EXCLUDED.entered_at, page_views.entered_at),
      exited_at = COALESCE(EXCLUDED.exited_at, page_views.exited_at),
      duration_ms = COALESCE(EXCLUDED.duration_ms, page_views.duration_ms),
      visible_ms = COALESCE(EXCLUDED.visible_ms, page_views.visible_ms)
    WHERE page_views.visit_id = EXCLUDED.visit_id
      AND (EXCLUDED.entered_at IS NOT NULL OR EXCLUDED.exited_at IS NOT NULL)
  )
  SELECT visit_id AS id, true AS visit FROM written
  UNION ALL SELECT event_id, false FROM stored`;

/**
 * Writes the batches; answers each in order. Each batch is written whole or, when a visit it names
 * is stored with another key or globalVisitID, not at all. One statement when the batches agree on
 * their visits (a visitor's pages always do), a read of the visits first when they do not.
 */
export async function writeBatches(
  db: Queryable,
  batches: readonly IngestBatch[],
): Promise<BatchOutcome[]> {
  const perBatch = batches.map((batch) => visitsOf(batch.events));
  // A batch of several visits is written whole or not at all, so whether each of them fits must be
  // known before any of their rows is written.
  const agreed = perBatch.every((visits) => visits.size === 1)
    ? agreedClaims(batches, perBatch)
    : null;
  const { claims, refused } = agreed
    ? { claims: agreed, refused: batches.map((): string[] => []) }
    : await storedClaims(db, batches, perBatch);
  const kept = batches.flatMap((batch, i) => (refused[i]?.length ? [] : [{ ...batch, batch: i }]));
  const events = kept.flatMap((batch) => batch.events);
  const written = new Set<string>();
  const fresh = new Set<string>();
  if (events.length) {
    const { rows } = await db.query<{ id: string; visit: boolean }>(
      WRITE,
      [
        json(visitRows(events, claims, Math.max(...kept.map((batch) => batch.receivedAt)))),
        json(eventRows(kept)),
        json(pageRows(events)),
      ],
      { prepared: true },
    );
    for (const row of rows) (row.visit ? written : fresh).add(row.id);
  }
  // An eventID twice, in one batch or two, is stored once: the first is accepted, the rest duplicates.
  return batches.map((batch, i) => {
    const visits = refused[i]?.length
      ? refused[i]
      : [...(perBatch[i]?.keys() ?? [])].filter((visitID) => !written.has(visitID));
    if (visits.length) return { refused: visits };
    const result: IngestResult = { accepted: [], duplicates: [] };
    for (const { eventID } of batch.events)
      (fresh.delete(eventID) ? result.accepted : result.duplicates).push(eventID);
    return result;
  });
}
