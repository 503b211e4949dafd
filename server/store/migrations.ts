import type { Db } from './db.ts';

/**
 * Schema changes in order; each runs once, inside a transaction, and is recorded in
 * schema_migrations. Add new ones at the end; never edit one that has shipped.
 * Times are epoch milliseconds (bigint): the browser's clock for events, the server's for receipt.
 */
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE visits (
     visit_id        text PRIMARY KEY,
     global_visit_id text NOT NULL,
     started_at      bigint NOT NULL,
     last_seen_at    bigint NOT NULL,
     language_code   text,
     timezone_offset integer,
     referrer        text,
     screen          text
   );
   CREATE TABLE page_views (
     page_id     text PRIMARY KEY,
     visit_id    text NOT NULL REFERENCES visits (visit_id),
     url         text NOT NULL,
     title       text NOT NULL,
     entered_at  bigint,
     exited_at   bigint,
     duration_ms integer,
     visible_ms  integer
   );
   CREATE INDEX page_views_by_visit ON page_views (visit_id);
   CREATE TABLE events (
     seq             bigserial NOT NULL,
     event_id        text PRIMARY KEY,
     event_type      text NOT NULL,
     event_name      text NOT NULL,
     global_visit_id text NOT NULL,
     visit_id        text NOT NULL REFERENCES visits (visit_id),
     page_id         text NOT NULL,
     ts              bigint NOT NULL,
     url             text NOT NULL,
     title           text NOT NULL,
     language_code   text,
     category        text,
     data            jsonb,
     received_at     bigint NOT NULL
   );
   CREATE INDEX events_by_visit ON events (visit_id, ts, seq);`,
  `CREATE TABLE secrets (
     name  text PRIMARY KEY,
     value text NOT NULL
   );
   CREATE TABLE engagements (
     engagement_id text PRIMARY KEY,
     visit_id      text NOT NULL REFERENCES visits (visit_id),
     page_id       text,
     source        text NOT NULL,
     offer         jsonb NOT NULL,
     status        text NOT NULL,
     reason        text,
     created_at    bigint NOT NULL,
     delivered_at  bigint,
     shown_at      bigint,
     resolved_at   bigint
   );
   CREATE INDEX engagements_by_visit ON engagements (visit_id, created_at);`,
  `CREATE TABLE gms_chats (
     chat_id     text PRIMARY KEY,
     service     text NOT NULL,
     secure_key  text NOT NULL,
     user_id     text NOT NULL,
     alias       text NOT NULL,
     client      jsonb NOT NULL,
     user_data   jsonb NOT NULL,
     state       text NOT NULL,
     agent_name  text,
     created_at  bigint NOT NULL,
     ended_at    bigint
   );
   CREATE TABLE gms_chat_messages (
     chat_id        text NOT NULL REFERENCES gms_chats (chat_id),
     idx            integer NOT NULL,
     type           text NOT NULL,
     from_type      text NOT NULL,
     from_nickname  text NOT NULL,
     participant_id integer NOT NULL,
     text           text,
     utc_time       bigint NOT NULL,
     PRIMARY KEY (chat_id, idx)
   );
   CREATE TABLE gms_callbacks (
     callback_id     text PRIMARY KEY,
     service         text NOT NULL,
     customer_number text NOT NULL,
     desired_time    bigint,
     state           text NOT NULL,
     reason          text,
     options         jsonb NOT NULL,
     user_data       jsonb NOT NULL,
     created_at      bigint NOT NULL,
     updated_at      bigint NOT NULL
   );
   CREATE INDEX gms_callbacks_by_number ON gms_callbacks (customer_number);`,
  `CREATE TABLE inbox_messages (
     network_item_id text PRIMARY KEY,
     visit_id        text NOT NULL,
     ticket_id       text,
     name            text NOT NULL,
     email           text,
     phone           text,
     text            text NOT NULL,
     created_at      bigint NOT NULL
   );
   CREATE INDEX inbox_messages_by_visit ON inbox_messages (visit_id, created_at);`,
  `CREATE TABLE inbox_channels (
     channel_id   text PRIMARY KEY,
     account_id   text NOT NULL,
     access_token text NOT NULL,
     connected_at bigint NOT NULL
   );`,
  // The SHA-256 of the key the browser made with the visit. Visits from before it have none, and
  // nobody can act for them: their browsers start a new visit.
  `ALTER TABLE visits ADD COLUMN key_hash text;`,
  // Files in GMS chats: their bytes until deleted, and the entries that share them.
  `ALTER TABLE gms_chat_messages ADD COLUMN user_data jsonb;
   ALTER TABLE gms_chats ADD COLUMN visitor_downloads integer NOT NULL DEFAULT 0;
   CREATE TABLE gms_chat_files (
     file_id     text PRIMARY KEY,
     chat_id     text NOT NULL REFERENCES gms_chats (chat_id),
     name        text NOT NULL,
     type        text NOT NULL,
     size        integer NOT NULL,
     description text NOT NULL,
     from_type   text NOT NULL,
     content     bytea,
     created_at  bigint NOT NULL,
     deleted_at  bigint
   );
   CREATE INDEX gms_chat_files_by_chat ON gms_chat_files (chat_id);`,
  // A callback whose visitor is asked to confirm they can take the call (_wait_for_user_confirm).
  `ALTER TABLE gms_callbacks ADD COLUMN confirm_by bigint;
   ALTER TABLE gms_callbacks ADD COLUMN confirm_attempts integer NOT NULL DEFAULT 0;`,
  // The notifications every node's streams read and replay. Their IDs go on from where the IDs of
  // the notifications kept in one process's memory were (microseconds since the epoch), so a page
  // that reconnects across the upgrade with a Last-Event-ID misses nothing.
  `CREATE SEQUENCE notification_ids;
   SELECT setval('notification_ids', (extract(epoch from clock_timestamp()) * 1000000)::bigint);
   CREATE TABLE notifications (
     id       bigint PRIMARY KEY DEFAULT nextval('notification_ids'),
     visit_id text NOT NULL,
     message  jsonb NOT NULL,
     at       bigint NOT NULL
   );
   CREATE INDEX notifications_by_visit ON notifications (visit_id, id);
   CREATE INDEX notifications_by_age ON notifications (at);`,
  // How many agents are free, the policy's pacing input: one count for every node.
  `CREATE TABLE agent_availability (
     id         integer PRIMARY KEY CHECK (id = 1),
     available  integer NOT NULL,
     updated_at bigint NOT NULL
   );`,
  // The inbox relay's duplicate window, for every node: a hash of visitor and text, when last seen.
  `CREATE TABLE inbox_recent (
     key      text PRIMARY KEY,
     seen_at  bigint NOT NULL,
     previous bigint
   );
   CREATE INDEX inbox_recent_by_age ON inbox_recent (seen_at);`,
  // When the server last received for a visit, by its own clock: what retention goes by (a
  // browser's clock may be years off). Visits from before it take their last event's receipt.
  `ALTER TABLE visits ADD COLUMN last_received_at bigint;
   UPDATE visits SET last_received_at = coalesce(
     (SELECT max(received_at) FROM events WHERE events.visit_id = visits.visit_id), last_seen_at);
   ALTER TABLE visits ALTER COLUMN last_received_at SET NOT NULL;
   CREATE INDEX visits_by_receipt ON visits (last_received_at);
   CREATE INDEX events_by_receipt ON events (received_at);`,
  // The funnel's and erasure's look-ups: offers by time, the page's MediaOpened by offer, visits
  // started by receipt, chats and callbacks by the visit their attached data names.
  `CREATE INDEX engagements_by_time ON engagements (created_at);
   CREATE INDEX events_media_opened ON events ((data->>'engagementID')) WHERE event_name = 'MediaOpened';
   CREATE INDEX events_visits_started ON events (received_at) WHERE event_name = 'VisitStarted';
   CREATE INDEX gms_chats_by_visit ON gms_chats ((user_data->>'visitID'));
   CREATE INDEX gms_callbacks_by_visit ON gms_callbacks ((user_data->>'visitID'));`,
];

/** The advisory lock every migration takes: the same number on every node. */
const MIGRATION_LOCK = 0x6265636b;

/**
 * Applies the migrations not yet applied. Several nodes may start at once against one database:
 * each migration runs under a transaction-scoped advisory lock and is skipped when another node
 * applied it meanwhile, so each runs exactly once and no node fails its start for the race.
 */
export async function migrate(db: Db): Promise<number> {
  // Most starts find every migration applied: one read, no lock, no transaction.
  const applied = await db
    .query<{ version: number }>('SELECT version FROM schema_migrations')
    .then(({ rows }) => rows.length)
    .catch(() => 0);
  if (applied === MIGRATIONS.length) return 0;
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at bigint NOT NULL)',
    );
  });
  let ran = 0;
  for (const [index, sql] of MIGRATIONS.entries()) {
    const version = index + 1;
    const applied = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      const { rows } = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [
        version,
      ]);
      if (rows.length) return false;
      for (const statement of sql.split(/;\s*$/m).filter((s) => s.trim()))
        await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [
        version,
        Date.now(),
      ]);
      return true;
    });
    if (applied) ran++;
  }
  return ran;
}
