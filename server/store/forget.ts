import type { Queryable } from './db.ts';

/** Rows removed, by table. */
export type Removed = Record<string, number>;

const add = (into: Removed, table: string, count: number) => {
  if (count) into[table] = (into[table] ?? 0) + count;
};

/**
 * Removes visits and everything that holds them: page views, events, engagements, notifications,
 * inbox messages (the relay's mapping of tickets to visits), and the chats and callbacks whose
 * attached data names them, with the chats' messages and files. The one place that knows which
 * tables hold a visit: the purge (retention.ts) and erasure (visitor-data.ts) both come here.
 */
export async function removeVisits(tx: Queryable, visitIDs: string[], into: Removed = {}) {
  if (!visitIDs.length) return into;
  const ids = [visitIDs];
  const chats = await tx.query<{ chat_id: string }>(
    "SELECT chat_id FROM gms_chats WHERE user_data->>'visitID' = ANY($1::text[])",
    ids,
  );
  await removeChats(
    tx,
    chats.rows.map((row) => row.chat_id),
    into,
  );
  for (const [table, where] of [
    ['gms_callbacks', "user_data->>'visitID' = ANY($1::text[])"],
    ['events', 'visit_id = ANY($1::text[])'],
    ['page_views', 'visit_id = ANY($1::text[])'],
    ['engagements', 'visit_id = ANY($1::text[])'],
    ['notifications', 'visit_id = ANY($1::text[])'],
    ['inbox_messages', 'visit_id = ANY($1::text[])'],
    ['visits', 'visit_id = ANY($1::text[])'],
  ] as const)
    add(into, table, await deletedRows(tx, `DELETE FROM ${table} WHERE ${where}`, ids));
  return into;
}

/** Removes chats with their messages and files. */
export async function removeChats(tx: Queryable, chatIDs: string[], into: Removed = {}) {
  if (!chatIDs.length) return into;
  for (const table of ['gms_chat_files', 'gms_chat_messages', 'gms_chats'])
    add(
      into,
      table,
      await deletedRows(tx, `DELETE FROM ${table} WHERE chat_id = ANY($1::text[])`, [chatIDs]),
    );
  return into;
}

/** How many rows a DELETE removed, counted in SQL: the same on PGlite and a PostgreSQL server. */
export async function deletedRows(tx: Queryable, sql: string, params: unknown[]) {
  const { rows } = await tx.query<{ n: number }>(
    `WITH gone AS (${sql} RETURNING 1) SELECT count(*)::int AS n FROM gone`,
    params,
  );
  return rows[0]?.n ?? 0;
}
