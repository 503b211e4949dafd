import type { Id } from '../protocol/ids.ts';

/** What is kept between pages of one visit. Shared by every tab of the browser through storage. */
export interface VisitRecord {
  visitID: Id;
  lastActivity: number;
}

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
      visit: { visitID: stored.visitID, lastActivity: Math.max(now, stored.lastActivity) },
      started: false,
    };
  }
  return { visit: { visitID: newId(), lastActivity: now }, started: true };
}
