import type { Db } from './db.ts';

export interface InboxRecord {
  networkItemId: string;
  visitID: string;
  ticketId: string | null;
  name: string;
  email: string | null;
  phone: string | null;
  text: string;
  createdAt: number;
}

/** The visitor messages the relay forwarded, so agent replies find their visit. */
export interface InboxStore {
  /** Keeps a message once; a retry of the same message changes nothing but a missing ticket ID. */
  save(record: InboxRecord): Promise<void>;
  byNetworkItemId(networkItemId: string): Promise<InboxRecord | null>;
}

const toRecord = (row: Record<string, unknown>): InboxRecord => ({
  networkItemId: String(row.network_item_id),
  visitID: String(row.visit_id),
  ticketId: (row.ticket_id as string | null) ?? null,
  name: String(row.name),
  email: (row.email as string | null) ?? null,
  phone: (row.phone as string | null) ?? null,
  text: String(row.text),
  createdAt: Number(row.created_at),
});

export function createInboxStore(db: Db): InboxStore {
  return {
    save: async (r) => {
      await db.query(
        `INSERT INTO inbox_messages (network_item_id, visit_id, ticket_id, name, email, phone, text, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (network_item_id) DO UPDATE SET ticket_id = COALESCE(inbox_messages.ticket_id, EXCLUDED.ticket_id)`,
        [r.networkItemId, r.visitID, r.ticketId, r.name, r.email, r.phone, r.text, r.createdAt],
      );
    },
    byNetworkItemId: async (networkItemId) => {
      const { rows } = await db.query('SELECT * FROM inbox_messages WHERE network_item_id = $1', [
        networkItemId,
      ]);
      return rows[0] ? toRecord(rows[0]) : null;
    },
  };
}
