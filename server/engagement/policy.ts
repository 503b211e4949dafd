import type {
  BlockReason,
  EngagementStatus,
  Offer,
  Policy,
} from '../../src/protocol/engagement.ts';

/** What the policy needs to know about one earlier engagement of the visit. */
export interface PastEngagement {
  status: EngagementStatus;
  type: Offer['type'];
  createdAt: number;
}

export const IN_PROGRESS: readonly EngagementStatus[] = ['offered', 'shown'];

/**
 * Whether a new offer may go to this visit, and if not, why (the first reason that applies).
 * GWE's strictEngagementMode plus Genesys Predictive Engagement's frequency rules.
 */
export function decide(
  history: readonly PastEngagement[],
  context: { now: number; agentsAvailable: number; policy: Policy; offerType: Offer['type'] },
): { allowed: true } | { allowed: false; reason: BlockReason } {
  // Blocked offers never went out and dropped ones never reached the page: the visitor saw neither.
  const offers = history.filter((past) => past.status !== 'blocked' && past.status !== 'dropped');
  if (offers.some((past) => IN_PROGRESS.includes(past.status)))
    return { allowed: false, reason: 'engagement_in_progress' };
  if (offers.some((past) => past.status === 'rejected'))
    return { allowed: false, reason: 'rejected_in_visit' };
  if (offers.some((past) => past.status === 'accepted' && past.type === 'chat'))
    return { allowed: false, reason: 'chat_in_visit' };
  const last = Math.max(...offers.map((past) => past.createdAt), -Infinity);
  if (context.now - last < context.policy.minGapSeconds * 1000)
    return { allowed: false, reason: 'min_gap' };
  // A message to the inbox waits for whoever answers later: it needs nobody available now.
  if (context.policy.requireAgent && context.agentsAvailable < 1 && context.offerType !== 'message')
    return { allowed: false, reason: 'no_agents' };
  return { allowed: true };
}
