import type { Db, Queryable } from './db.ts';
import { removeVisits } from './forget.ts';

/**
 * What Beckon holds on a visitor (a globalVisitID: one browser), to hand over or to erase, as data
 * protection law asks of the site; also found by what the visitor said of themselves in `SignIn`
 * or `UserInfo` (an email, a customer number).
 */
export function createVisitorData(db: Db) {
  const visitsOf = async (q: Queryable, globalVisitIDs: string[]) =>
    (
      await q.query<{ visit_id: string }>(
        'SELECT visit_id FROM visits WHERE global_visit_id = ANY($1::text[])',
        [globalVisitIDs],
      )
    ).rows.map((row) => row.visit_id);
  // As JSON carries them: PGlite reads bigint columns as BigInt, which JSON cannot hold.
  const rows = async (sql: string, params: unknown[]) =>
    (await db.query(sql, params)).rows.map((row) =>
      Object.fromEntries(
        Object.entries(row).map(([key, value]) => [
          key,
          typeof value === 'bigint' ? Number(value) : value,
        ]),
      ),
    );

  return {
    /** The visitors whose SignIn or UserInfo data had `field` equal to `value`. */
    byIdentity: async (field: string, value: string) =>
      (
        await db.query<{ global_visit_id: string }>(
          `SELECT DISTINCT global_visit_id FROM events
           WHERE event_name IN ('SignIn', 'UserInfo') AND data->>$1 = $2`,
          [field, value],
        )
      ).rows.map((row) => row.global_visit_id),

    /** Every row that holds the visitors' visits, by table. */
    export: async (globalVisitIDs: string[]) => {
      const visitIDs = await visitsOf(db, globalVisitIDs);
      const byVisit = [visitIDs];
      const chats = await rows(
        "SELECT * FROM gms_chats WHERE user_data->>'visitID' = ANY($1::text[]) ORDER BY created_at",
        byVisit,
      );
      const chatIDs = [chats.map((chat) => chat.chat_id)];
      return {
        globalVisitIDs,
        visits: await rows(
          'SELECT * FROM visits WHERE visit_id = ANY($1::text[]) ORDER BY started_at',
          byVisit,
        ),
        pageViews: await rows(
          'SELECT * FROM page_views WHERE visit_id = ANY($1::text[]) ORDER BY entered_at',
          byVisit,
        ),
        events: await rows(
          'SELECT * FROM events WHERE visit_id = ANY($1::text[]) ORDER BY ts, seq',
          byVisit,
        ),
        engagements: await rows(
          'SELECT * FROM engagements WHERE visit_id = ANY($1::text[]) ORDER BY created_at',
          byVisit,
        ),
        chats: chats.map(({ secure_key, user_id, alias, ...chat }) => chat),
        chatMessages: await rows(
          'SELECT * FROM gms_chat_messages WHERE chat_id = ANY($1::text[]) ORDER BY chat_id, idx',
          chatIDs,
        ),
        chatFiles: await rows(
          'SELECT file_id, chat_id, name, type, size, description, from_type, created_at, deleted_at FROM gms_chat_files WHERE chat_id = ANY($1::text[])',
          chatIDs,
        ),
        callbacks: await rows(
          "SELECT * FROM gms_callbacks WHERE user_data->>'visitID' = ANY($1::text[]) ORDER BY created_at",
          byVisit,
        ),
        inboxMessages: await rows(
          'SELECT * FROM inbox_messages WHERE visit_id = ANY($1::text[]) ORDER BY created_at',
          byVisit,
        ),
      };
    },

    /** Removes the visitors' visits and all that holds them, in one transaction. */
    erase: (globalVisitIDs: string[]) =>
      db.transaction(async (tx) => removeVisits(tx, await visitsOf(tx, globalVisitIDs))),
  };
}

export type VisitorData = ReturnType<typeof createVisitorData>;
