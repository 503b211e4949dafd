import * as z from 'zod/mini';
import { EventName } from './event.ts';
import { Id } from './ids.ts';
import { EngagementType } from './notification.ts';

export const ENGAGEMENT_STATUSES = [
  'offered',
  'shown',
  'accepted',
  'rejected',
  'timed_out',
  'revoked',
  'dropped',
  'blocked',
] as const;
export type EngagementStatus = (typeof ENGAGEMENT_STATUSES)[number];

export const BLOCK_REASONS = [
  'engagement_in_progress',
  'rejected_in_visit',
  'chat_in_visit',
  'min_gap',
  'no_agents',
  'not_delivered',
] as const;
export type BlockReason = (typeof BLOCK_REASONS)[number];

/** What a rule (or an outside orchestrator) offers. */
export const Offer = z.object({
  type: EngagementType,
  title: z.string().check(z.minLength(1), z.maxLength(120)),
  message: z.string().check(z.maxLength(500)),
  adapter: z.optional(z.string().check(z.regex(/^[a-z][a-z0-9-]{0,31}$/))),
  scenario: z.optional(z.string().check(z.regex(/^[A-Z][A-Z0-9-]{0,39}$/))),
  timeoutSeconds: z.optional(z.int().check(z.gte(5), z.lte(600))),
});
export type Offer = z.infer<typeof Offer>;

export const Rule = z.object({
  name: z.string().check(z.minLength(1), z.maxLength(80)),
  when: z.object({
    event: EventName,
    category: z.optional(z.string()),
    /** Glob on the page URL (`*` matches anything), e.g. `*\/pricing*`. */
    url: z.optional(z.string()),
    /** The rule matches once the visit has had this many matching events (default 1). */
    count: z.optional(z.int().check(z.positive())),
  }),
  offer: Offer,
  /** Offered instead while no agent is available, e.g. a message to the inbox after hours. */
  offerWithoutAgents: z.optional(Offer),
});
export type Rule = z.infer<typeof Rule>;

export const Policy = z.object({
  /** Minimum time between two offers to one visit. */
  minGapSeconds: z.int().check(z.nonnegative()),
  /** An offer the visitor's page has not received by then is dropped (GWE: 30 s). */
  deliveryTimeoutSeconds: z.int().check(z.gte(1), z.lte(1800)),
  /** Offer only while at least one agent is available. */
  requireAgent: z.boolean(),
});
export type Policy = z.infer<typeof Policy>;

export const RulesFile = z.object({ policy: Policy, rules: z.array(Rule) });
export type RulesFile = z.infer<typeof RulesFile>;

/** `POST /server/data/gateway/engage`: an outside orchestrator asks for an offer. */
export const EngageRequest = z.object({ visitID: Id, offer: Offer, page: z.optional(Id) });
/** `POST /server/data/gateway/noengage`: withdraw an offer. */
export const NoEngageRequest = z.object({
  engagementID: Id,
  reason: z.optional(z.string().check(z.maxLength(200))),
});

/**
 * GWE's engage body, `{ixnProfile}` (JSON, or a form field holding JSON): the webengagement
 * interaction's profile. Beckon reads the `visitID` and `pageID` GWE attaches to it and, when the
 * strategy gives one, Beckon's `offer`; the rest of the profile is left alone.
 */
export const GweEngageRequest = z.object({
  ixnProfile: z.looseObject({ visitID: Id, pageID: z.optional(Id), offer: z.optional(Offer) }),
});
/** GWE's noengage body, `{cancelData}`: the engagement, or every offer in progress for the visit. */
export const GweNoEngageRequest = z.object({
  cancelData: z.looseObject({
    engagementID: z.optional(Id),
    visitID: z.optional(Id),
    reason: z.optional(z.string().check(z.maxLength(200))),
  }),
});

/** The gateway's answers: an offer made, or held back by the policy (with the ApiError fields). */
export const OfferMade = z.object({ engagementID: Id, status: z.literal('offered') });
export const OfferBlocked = z.object({
  engagementID: Id,
  status: z.literal('blocked'),
  reason: z.enum(BLOCK_REASONS),
  error: z.string(),
  message: z.string(),
});
/** noengage's answers: the engagement withdrawn (or past that), or every offer of a visit. */
export const Withdrawn = z.object({
  engagementID: z.string(),
  outcome: z.enum(['revoked', 'finished']),
  error: z.optional(z.string()),
  message: z.optional(z.string()),
});
export const VisitWithdrawn = z.object({ visitID: Id, revoked: z.array(Id) });

/** `GET|PUT /server/data/agents/availability`: how many agents are free. */
export const AgentsAvailable = z.object({
  available: z.int().check(z.nonnegative(), z.lte(100_000)),
});

export const EngagementStats = z.object({
  offered: z.int(),
  shown: z.int(),
  accepted: z.int(),
  rejected: z.int(),
  timedOut: z.int(),
  revoked: z.int(),
  dropped: z.int(),
  blocked: z.record(z.string(), z.int()),
});
export type EngagementStats = z.infer<typeof EngagementStats>;

/**
 * `GET /server/data/visits/{visitID}/engagements`: every offer a rule or an orchestrator made the
 * visit, oldest first, blocked ones with the policy's reason: what a visitor (or the demo's panel)
 * needs to see why nothing more was offered.
 */
export const VisitEngagement = z.object({
  engagementID: Id,
  /** The rule's name, `gateway` or `notify`. */
  source: z.string(),
  type: EngagementType,
  title: z.string(),
  status: z.enum(ENGAGEMENT_STATUSES),
  reason: z.nullable(z.string()),
  createdAt: z.int(),
});
export type VisitEngagement = z.infer<typeof VisitEngagement>;
