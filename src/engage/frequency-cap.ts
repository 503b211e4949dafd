import type { InviteData } from '../protocol/notification.ts';

/**
 * The browser's own safety net against a misbehaving server, kept per visit in first-party storage:
 * no invitation after one was declined or a chat accepted in this visit, none within the minimum gap
 * of the last, and never the same engagement twice.
 */
export interface CapRecord {
  visitID: string;
  lastShownAt: number;
  declined: boolean;
  chatted: boolean;
  seen: string[];
}

export const CAP_MIN_GAP_MS = 60_000;
const SEEN_LIMIT = 50;

export type CapVerdict =
  | { allowed: true }
  | { allowed: false; reason: 'seen' | 'declined' | 'chatted' | 'too-soon' };

export function capAllows(
  record: CapRecord | null,
  visitID: string,
  invite: InviteData,
  now: number,
): CapVerdict {
  if (!record || record.visitID !== visitID) return { allowed: true };
  if (record.seen.includes(invite.engagementID)) return { allowed: false, reason: 'seen' };
  if (record.declined) return { allowed: false, reason: 'declined' };
  if (record.chatted) return { allowed: false, reason: 'chatted' };
  if (now - record.lastShownAt < CAP_MIN_GAP_MS) return { allowed: false, reason: 'too-soon' };
  return { allowed: true };
}

export function capAfter(
  record: CapRecord | null,
  visitID: string,
  invite: InviteData,
  outcome: 'shown' | 'declined' | 'accepted',
  now: number,
): CapRecord {
  const base: CapRecord =
    record && record.visitID === visitID
      ? record
      : { visitID, lastShownAt: 0, declined: false, chatted: false, seen: [] };
  const seen = base.seen.includes(invite.engagementID)
    ? base.seen
    : [...base.seen, invite.engagementID].slice(-SEEN_LIMIT);
  return {
    ...base,
    seen,
    lastShownAt: outcome === 'shown' ? now : base.lastShownAt,
    declined: base.declined || outcome === 'declined',
    chatted: base.chatted || (outcome === 'accepted' && invite.type === 'chat'),
  };
}
