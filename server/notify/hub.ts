import type { StreamMessage } from '../../src/protocol/notify.ts';
import type { Db } from '../store/db.ts';
import { oneAtATime } from '../store/one-at-a-time.ts';

export interface HubOptions {
  /** How long a visit's messages are kept for replay after a reconnect (at least 5 minutes). */
  retentionMs?: number;
  now?: () => number;
  /** How long a message took from its publishing to a stream that was open then (metrics). */
  delivered?: (seconds: number) => void;
}

type Listener = (message: StreamMessage) => void;

/**
 * Per-visit notifications for the pages' streams, shared by every node on the database: a message
 * published on one node reaches the visit's stream on whichever node holds it, and a page that
 * reconnects to another node replays from `Last-Event-ID` what it missed. Messages live in the
 * `notifications` table; `NOTIFY beckon_notifications` (payload: the visitID) tells every node
 * that a visit has news, and each node reads it for the streams it holds.
 */
export interface NotificationHub {
  publish(
    visitID: string,
    notifications: ReadonlyArray<StreamMessage['notification']>,
  ): Promise<StreamMessage[]>;
  /** Replays what came after `lastEventId` (all that is kept when absent), then delivers live. */
  subscribe(
    visitID: string,
    lastEventId: string | undefined,
    listener: Listener,
  ): Promise<() => void>;
  /** Forget kept messages that must no longer reach the page (a withdrawn or expired offer). */
  forget(visitID: string, match: (message: StreamMessage) => boolean): Promise<void>;
  /** Called whenever a message is written to a page's stream on this node. */
  onDelivered(listener: (visitID: string, message: StreamMessage) => void): void;
  close(): Promise<void>;
}

export const DEFAULT_RETENTION_MS = 5 * 60_000;
const CHANNEL = 'beckon_notifications';
/**
 * IDs come from a sequence, so two nodes publishing to one visit at once may commit the higher ID
 * first: what a stream reads also looks back this far for IDs it has not yet sent.
 */
const LOOKBACK_MS = 5_000;

interface Subscriber {
  listener: Listener;
  /** What the page said it has (Last-Event-ID): nothing at or below is sent again. */
  floor: number;
  /** The highest ID sent to it. */
  last: number;
  /** IDs sent within the look-back, and when. */
  sent: Map<number, number>;
  /** When it subscribed: what was published before is a replay, not a delivery to time. */
  since: number;
}

export async function createHub(db: Db, options: HubOptions = {}): Promise<NotificationHub> {
  const retentionMs = Math.max(options.retentionMs ?? DEFAULT_RETENTION_MS, 0);
  const now = options.now ?? Date.now;
  const subscribers = new Map<string, Set<Subscriber>>();
  const deliveredListeners: Array<(visitID: string, message: StreamMessage) => void> = [];
  // One read at a time per visit, so a stream gets its messages once and in order.
  const reading = oneAtATime();

  const read = async (visitID: string) => {
    const set = subscribers.get(visitID);
    if (!set?.size) return;
    const from = Math.min(...[...set].map((s) => s.last));
    const recent = now() - LOOKBACK_MS;
    const { rows } = await db.query<{
      id: string;
      at: string;
      message: StreamMessage['notification'];
    }>(
      `SELECT id, at, message FROM notifications
       WHERE visit_id = $1 AND at >= $2 AND (id > $3 OR at >= $4) ORDER BY id`,
      [visitID, now() - retentionMs, from, recent],
    );
    for (const subscriber of set) {
      for (const row of rows) {
        const id = Number(row.id);
        const late = id > subscriber.floor && Number(row.at) >= recent;
        if (subscriber.sent.has(id) || !(id > subscriber.last || late)) continue;
        subscriber.sent.set(id, now());
        subscriber.last = Math.max(subscriber.last, id);
        const message = { id: row.id, notification: row.message };
        subscriber.listener(message);
        const at = Number(row.at);
        if (at >= subscriber.since) options.delivered?.((now() - at) / 1000);
        for (const notify of deliveredListeners) notify(visitID, message);
      }
      for (const [id, at] of subscriber.sent) if (at < recent) subscriber.sent.delete(id);
    }
  };
  const catchUp = (visitID: string) => reading(visitID, () => read(visitID));

  const unlisten = await db.listen(
    CHANNEL,
    (visitID) => {
      if (subscribers.has(visitID)) void catchUp(visitID).catch(() => {});
    },
    () => {
      for (const visitID of subscribers.keys()) void catchUp(visitID).catch(() => {});
    },
  );
  const sweep = setInterval(() => {
    void db.query('DELETE FROM notifications WHERE at < $1', [now() - retentionMs]).catch(() => {});
  }, 60_000);
  sweep.unref();

  return {
    publish: async (visitID, notifications) => {
      if (!notifications.length) return [];
      // One statement, so one round trip: every node hears of the rows once they are committed
      // (PostgreSQL sends one NOTIFY however many rows name it).
      const { rows } = await db.query<{ id: string; message: StreamMessage['notification'] }>(
        `WITH kept AS (
           INSERT INTO notifications (visit_id, message, at)
           SELECT $1, m.message, $3
           FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS m(message, ord)
           ORDER BY m.ord
           RETURNING id, message
         )
         SELECT id, message, pg_notify($4, $1) FROM kept`,
        [visitID, JSON.stringify(notifications), now(), CHANNEL],
        { prepared: true },
      );
      if (subscribers.has(visitID)) await catchUp(visitID);
      return rows
        .map((row) => ({ id: row.id, notification: row.message }))
        .sort((a, b) => Number(a.id) - Number(b.id));
    },
    subscribe: async (visitID, lastEventId, listener) => {
      const after = lastEventId && /^\d+$/.test(lastEventId) ? Number(lastEventId) : 0;
      const subscriber: Subscriber = {
        listener,
        floor: after,
        last: after,
        sent: new Map(),
        since: now(),
      };
      const set = subscribers.get(visitID) ?? new Set();
      set.add(subscriber);
      subscribers.set(visitID, set);
      await catchUp(visitID);
      return () => {
        set.delete(subscriber);
        if (!set.size && subscribers.get(visitID) === set) subscribers.delete(visitID);
      };
    },
    forget: async (visitID, match) => {
      const { rows } = await db.query<{ id: string; message: StreamMessage['notification'] }>(
        'SELECT id, message FROM notifications WHERE visit_id = $1',
        [visitID],
      );
      const ids = rows
        .filter((row) => match({ id: row.id, notification: row.message }))
        .map((row) => row.id);
      if (ids.length)
        await db.query(
          'DELETE FROM notifications WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb)::bigint)',
          [JSON.stringify(ids)],
        );
    },
    onDelivered: (listener) => {
      deliveredListeners.push(listener);
    },
    close: async () => {
      clearInterval(sweep);
      subscribers.clear();
      await unlisten();
    },
  };
}
