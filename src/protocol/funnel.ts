import * as z from 'zod/mini';
import { EngagementType } from './notification.ts';

// The engagement funnel for operators (server/engagement/funnel-routes.ts). Server-only.

/**
 * One funnel: offers made, held back (by reason), shown, answered, and what came of the accepted
 * ones: the media opened on the page (MediaOpened), then an agent joined the chat, a call was
 * booked or a message sent to the inbox, and the chat ended. `visits` are those started.
 */
export const FunnelCounts = z.object({
  visits: z.int(),
  offered: z.int(),
  blocked: z.record(z.string(), z.int()),
  shown: z.int(),
  accepted: z.int(),
  rejected: z.int(),
  timedOut: z.int(),
  mediaOpened: z.int(),
  agentJoined: z.int(),
  booked: z.int(),
  sent: z.int(),
  ended: z.int(),
});
export type FunnelCounts = z.infer<typeof FunnelCounts>;

export const Funnel = z.object({
  from: z.int(),
  to: z.int(),
  bucket: z.enum(['hour', 'day']),
  total: FunnelCounts,
  /** By rule (`source`: the rule's name, `gateway`, `notify`), visits not being a rule's. */
  byRule: z.array(z.extend(FunnelCounts, { rule: z.string() })),
  /** By hour or day, oldest first, every bucket of the window present. */
  series: z.array(z.extend(FunnelCounts, { at: z.int() })),
});
export type Funnel = z.infer<typeof Funnel>;

/** The window (epoch ms; default the last two days by hour), a rule and a media to filter by. */
export const FunnelQuery = z.object({
  from: z.optional(z.coerce.number().check(z.int(), z.gte(0))),
  to: z.optional(z.coerce.number().check(z.int(), z.gte(0))),
  bucket: z.optional(z.enum(['hour', 'day'])),
  rule: z.optional(z.string().check(z.maxLength(100))),
  media: z.optional(EngagementType),
});

/** The present, for the operator page: what is going on right now. */
export const OperatorNow = z.object({
  /** Visits the server received from in the last 30 minutes (a visit's idle timeout). */
  visitsActive: z.int(),
  /** Notification streams open on the node that answered. */
  streamsOpen: z.int(),
  chatsWaiting: z.int(),
  /** How long the chat waiting longest has waited, in seconds; 0 when none waits. */
  longestWaitSeconds: z.int(),
  agentsAvailable: z.int(),
});
export type OperatorNow = z.infer<typeof OperatorNow>;
