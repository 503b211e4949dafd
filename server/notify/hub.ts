import type { StreamMessage } from '../../src/protocol/notify.ts';

export interface HubOptions {
  /** How long a visit's messages are kept for replay after a reconnect (at least 5 minutes). */
  retentionMs?: number;
  now?: () => number;
}

type Listener = (message: StreamMessage) => void;

/**
 * Per-visit notification log and live subscribers. Each message gets an ID that grows across restarts
 * (microseconds since the epoch, bumped when needed), so a reconnect's `Last-Event-ID` replays
 * exactly what the page missed. Kept in memory: one server process, as DESIGN.md starts with.
 */
export interface NotificationHub {
  publish(
    visitID: string,
    notifications: ReadonlyArray<StreamMessage['notification']>,
  ): StreamMessage[];
  /** Replays what came after `lastEventId` (all that is kept when absent), then delivers live. */
  subscribe(visitID: string, lastEventId: string | undefined, listener: Listener): () => void;
  /** Forget kept messages that must no longer reach the page (a withdrawn or expired offer). */
  forget(visitID: string, match: (message: StreamMessage) => boolean): void;
  /** Called whenever a message is written to a page's stream. */
  onDelivered(listener: (visitID: string, message: StreamMessage) => void): void;
  connections(visitID: string): number;
  close(): void;
}

export const DEFAULT_RETENTION_MS = 5 * 60_000;

export function createHub(options: HubOptions = {}): NotificationHub {
  const retentionMs = Math.max(options.retentionMs ?? DEFAULT_RETENTION_MS, 0);
  const now = options.now ?? Date.now;
  const logs = new Map<string, Array<StreamMessage & { at: number }>>();
  const subscribers = new Map<string, Set<Listener>>();
  const deliveredListeners: Array<(visitID: string, message: StreamMessage) => void> = [];
  let lastId = 0;

  const prune = (visitID: string) => {
    const log = logs.get(visitID);
    if (!log) return;
    const cutoff = now() - retentionMs;
    while (log.length && (log[0]?.at ?? 0) < cutoff) log.shift();
    if (!log.length) logs.delete(visitID);
  };
  const sweep = setInterval(() => {
    for (const visitID of [...logs.keys()]) prune(visitID);
  }, 60_000);
  sweep.unref();

  const deliver = (visitID: string, listener: Listener, message: StreamMessage) => {
    listener(message);
    for (const notify of deliveredListeners) notify(visitID, message);
  };

  return {
    publish: (visitID, notifications) => {
      prune(visitID);
      const log = logs.get(visitID) ?? [];
      logs.set(visitID, log);
      return notifications.map((notification) => {
        lastId = Math.max(lastId + 1, now() * 1000);
        const message = { id: String(lastId), notification };
        log.push({ ...message, at: now() });
        for (const listener of subscribers.get(visitID) ?? []) deliver(visitID, listener, message);
        return message;
      });
    },
    subscribe: (visitID, lastEventId, listener) => {
      prune(visitID);
      const after = lastEventId && /^\d+$/.test(lastEventId) ? Number(lastEventId) : 0;
      for (const { id, notification } of logs.get(visitID) ?? []) {
        if (Number(id) > after) deliver(visitID, listener, { id, notification });
      }
      const set = subscribers.get(visitID) ?? new Set();
      set.add(listener);
      subscribers.set(visitID, set);
      return () => {
        set.delete(listener);
        if (!set.size) subscribers.delete(visitID);
      };
    },
    forget: (visitID, match) => {
      const log = logs.get(visitID);
      if (log)
        logs.set(
          visitID,
          log.filter((message) => !match(message)),
        );
    },
    onDelivered: (listener) => {
      deliveredListeners.push(listener);
    },
    connections: (visitID) => subscribers.get(visitID)?.size ?? 0,
    close: () => {
      clearInterval(sweep);
      subscribers.clear();
    },
  };
}
