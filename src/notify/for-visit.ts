import { type KeyValue, readJson } from '../monitor/storage.ts';

/**
 * Values the notification stream keeps in storage for one visit (the last message ID, the recent
 * messages): a value stored for an earlier visit reads as none.
 */
/** The last message ID any tab saw, to resume the stream from. */
export const LAST_EVENT_KEY = 'beckon.lastEventId';
/** What the tab running the stream received lately (src/notify/recent.ts). */
export const RECENT_KEY = 'beckon.recentMessages';

interface ForVisit<T> {
  visitID: string;
  value: T;
}

export function readForVisit<T>(storage: KeyValue, key: string, visitID: string | null): T | null {
  const stored = readJson<ForVisit<T>>(storage, key);
  return stored && stored.visitID === visitID ? stored.value : null;
}

export function writeForVisit<T>(storage: KeyValue, key: string, visitID: string, value: T) {
  storage.set(key, JSON.stringify({ visitID, value } satisfies ForVisit<T>));
}
