import type { Id } from '../protocol/ids.ts';
import { readJson } from '../shared/read-json.ts';
import { isId } from './id.ts';
import type { KeyValue } from './storage.ts';

export const VISIT_KEY = 'beckon.visit';

/** What is kept between pages of one visit. Shared by every tab of the browser through storage. */
export interface VisitRecord {
  visitID: Id;
  /** The visit's credential, made here with the visit and shown only to Beckon's server. */
  key: Id;
  lastActivity: number;
  /** The server has taken events of the visit: its stream and inbox may be asked for. */
  known?: true;
}

/** The stored visit, if it is whole (storage can be edited, truncated, or from an older version). */
export function storedVisit(storage: KeyValue): VisitRecord | null {
  const stored = readJson<VisitRecord>(storage, VISIT_KEY);
  return stored && isId(stored.visitID) && isId(stored.key) && Number.isFinite(stored.lastActivity)
    ? stored
    : null;
}

/**
 * The key of `visitID` when it is the stored visit and the server knows it, else null: asking
 * before the visit's first events arrive would only earn a 401 in the page's console.
 */
export const visitKey = (storage: KeyValue, visitID: string | null | undefined) => {
  const visit = storedVisit(storage);
  return visit?.known && visit.visitID === visitID ? visit.key : null;
};

/**
 * The visit that `now` belongs to: the stored one while it has seen activity within the timeout,
 * otherwise a new one (`started`). Plain data in, plain data out, so expiry is tested without waiting.
 */
export function continueVisit(
  stored: VisitRecord | null,
  now: number,
  timeoutMs: number,
  newId: () => Id,
): { visit: VisitRecord; started: boolean } {
  if (stored && now - stored.lastActivity < timeoutMs && now >= stored.lastActivity - timeoutMs) {
    return {
      visit: { ...stored, lastActivity: Math.max(now, stored.lastActivity) },
      started: false,
    };
  }
  return { visit: { visitID: newId(), key: newId(), lastActivity: now }, started: true };
}
