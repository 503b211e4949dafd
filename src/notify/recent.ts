import type { KeyValue } from '../monitor/storage.ts';
import { RECENT_KEY, readForVisit, writeForVisit } from './for-visit.ts';

/**
 * What the tab running the visit's stream received lately. A tab that has just opened joins the
 * BroadcastChannel only once its stream's chunk has loaded, after it has sent its first events; a
 * message the server sent for it meanwhile (a rule met by its PageEntered) was shared before it
 * listened. Reading these when it joins, it hears every message that came since it was opened.
 */
const KEEP = 20;
const KEEP_MS = 60_000;

export interface RecentMessage {
  id: string;
  data: string;
  /** When the leading tab received it (the tabs of one browser share a clock). */
  at: number;
}

/**
 * Kept only in localStorage: a cookie would carry messages to the site's server with every request,
 * and memory is not shared with other tabs.
 */
export function keepRecent(storage: KeyValue, visitID: string, message: RecentMessage) {
  if (storage.kind !== 'localStorage') return;
  const kept = recent(storage, visitID).filter((old) => old.at > message.at - KEEP_MS);
  kept.push(message);
  writeForVisit(storage, RECENT_KEY, visitID, kept.slice(-KEEP));
}

/** The messages received from `since` on, oldest first. */
export function recentSince(storage: KeyValue, visitID: string, since: number): RecentMessage[] {
  return recent(storage, visitID).filter((message) => message.at >= since);
}

/** What storage holds, less anything that is not a message (storage is the page's to write). */
function recent(storage: KeyValue, visitID: string): RecentMessage[] {
  const kept = readForVisit<unknown>(storage, RECENT_KEY, visitID);
  return Array.isArray(kept)
    ? kept.filter(
        (message): message is RecentMessage =>
          typeof message?.id === 'string' &&
          typeof message.data === 'string' &&
          typeof message.at === 'number',
      )
    : [];
}
