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

/** A SocialHub channel connected through the channel-creation callback (reusable manifests). */
export interface ChannelRecord {
  channelId: string;
  accountId: string;
  accessToken: string;
  connectedAt: number;
}

/**
 * The visitor messages the relay forwarded, so agent replies find their visit, and the channel the
 * relay writes to when its token came from the channel-creation callback.
 */
export interface InboxStore {
  /** Keeps a newly created (or reactivated) channel; the latest one is the one in use. */
  saveChannel(channel: ChannelRecord): Promise<void>;
  latestChannel(): Promise<ChannelRecord | null>;
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
    saveChannel: async (c) => {
      await db.query(
        `INSERT INTO inbox_channels (channel_id, account_id, access_token, connected_at)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (channel_id) DO UPDATE SET access_token = EXCLUDED.access_token,
           connected_at = EXCLUDED.connected_at`,
        [c.channelId, c.accountId, c.accessToken, c.connectedAt],
      );
    },
    latestChannel: async () => {
      const { rows } = await db.query(
        'SELECT * FROM inbox_channels ORDER BY connected_at DESC LIMIT 1',
      );
      const row = rows[0];
      return row
        ? {
            channelId: String(row.channel_id),
            accountId: String(row.account_id),
            accessToken: String(row.access_token),
            connectedAt: Number(row.connected_at),
          }
        : null;
    },
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
