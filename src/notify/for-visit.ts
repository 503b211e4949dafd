import type { KeyValue } from '../monitor/storage.ts';
import { readJson } from '../shared/read-json.ts';

/** The last message ID any tab saw, to resume the stream from. */
export const LAST_EVENT_KEY = 'beckon.lastEventId';
/** What the tab running the stream received lately (src/notify/recent.ts). */
export const RECENT_KEY = 'beckon.recentMessages';

/**
 * How the notification stream keeps a value in storage for one visit: a value stored for an
 * earlier visit reads as none.
 */
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
