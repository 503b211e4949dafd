import * as z from 'zod/mini';
import { Id } from './ids.ts';
import { ADAPTER_NAME } from './names.ts';

/** What an engagement offers: a chat, a call back, or a message to the inbox. */
export const EngagementType = z.enum(['chat', 'callback', 'message']);

/** A media adapter's name, as registered and as an offer names it. */
export const AdapterName = z
  .string()
  .check(z.regex(ADAPTER_NAME, 'must be a lowercase adapter name'));
/** Adapter scenario, e.g. GMS's CHAT-NOW or VOICE-SCHEDULED-USERTERM. */
const ScenarioName = z.optional(
  z.string().check(z.regex(/^[A-Z][A-Z0-9-]{0,39}$/, 'must be an uppercase scenario name')),
);
/** How long an invitation stays up without an answer (DEFAULT_TIMEOUT_MS); hover and focus pause it. */
const TimeoutMs = z.optional(z.int().check(z.gte(5000), z.lte(600_000)));

/** `beckon.invite`: the server offers the visitor a chat, a callback or a message through the overlay. */
export const InviteData = z.object({
  engagementID: Id,
  type: EngagementType,
  title: z.string().check(z.minLength(1), z.maxLength(120)),
  message: z.string().check(z.maxLength(500)),
  /** Media adapter to open on accept (default: the page's configured one). */
  adapter: z.optional(AdapterName),
  scenario: ScenarioName,
  timeoutMs: TimeoutMs,
  /** Joins the media's attached data (a custom invitation page's fields, see below). */
  attachedData: z.optional(
    z.record(z.string().check(z.maxLength(64)), z.string().check(z.maxLength(1000))),
  ),
  /** Epoch ms after which the offer is stale and must not be shown. */
  expiresAt: z.optional(z.int().check(z.positive())),
});
export type InviteData = z.infer<typeof InviteData>;
/** An invitation as it is shown: its timeout settled (the offer's, else DEFAULT_TIMEOUT_MS). */
export type ShownInvite = InviteData & { timeoutMs: number };

export const RevokeData = z.object({ engagementID: Id });
export type RevokeData = z.infer<typeof RevokeData>;

/**
 * GWE's `gpe.appendContent`: show a custom invitation page, sandboxed, from an allowed origin. A
 * path (`/server/api/resources/v1/inviteGMS.html`, as GWE's own example) is on the engagement server.
 */
export const AppendContentData = z.object({
  url: z
    .string()
    .check(
      z.maxLength(2048),
      z.regex(
        /^(https?:\/\/|\/(?![/\\]))/,
        'must be an absolute http(s) URL or a path on the engagement server',
      ),
    ),
  method: z.optional(z.literal('GET')),
  container: z.optional(z.string().check(z.maxLength(200))),
  engagementID: z.optional(Id),
  timeoutMs: TimeoutMs,
});
export type AppendContentData = z.infer<typeof AppendContentData>;

/**
 * What a custom invitation page's `accept` may choose, as GWE's `startGms(scenario)` did: the type,
 * adapter and scenario of the media it opens, and fields for its attached data.
 */
export const CustomChoice = z.partial(
  z.pick(InviteData, { type: true, adapter: true, scenario: true, attachedData: true }),
);
export type CustomChoice = z.infer<typeof CustomChoice>;

/** `beckon.message`: a person's reply for the visitor's media session (the inbox's agent replies). */
export const MediaMessageData = z.object({
  /** The reply's own id (SocialHub's followupId): a reply seen twice is shown once. */
  id: z.optional(z.string().check(z.maxLength(80))),
  engagementID: z.optional(Id),
  text: z.string().check(z.maxLength(10_000)),
  from: z.optional(z.string().check(z.maxLength(120))),
});
export type MediaMessageData = z.infer<typeof MediaMessageData>;

/**
 * `beckon.chat`: the GMS-compatible service has something new for this chat (an agent's message or
 * typing, a join, a leave, a pushed URL, the end). The chat reads it with `refresh`, as always.
 */
export const ChatNudgeData = z.object({ chatId: z.string().check(z.maxLength(64)) });
export type ChatNudgeData = z.infer<typeof ChatNudgeData>;

export const page = z.optional(Id);

/** One notification, GWE-shaped: `{page?, channel, data}`. `page` targets one page view. */
export const Notification = z.discriminatedUnion('channel', [
  z.object({ page, channel: z.literal('beckon.invite'), data: InviteData }),
  z.object({ page, channel: z.literal('beckon.revoke'), data: RevokeData }),
  z.object({ page, channel: z.literal('beckon.message'), data: MediaMessageData }),
  z.object({ page, channel: z.literal('beckon.chat'), data: ChatNudgeData }),
  z.object({ page, channel: z.literal('gpe.appendContent'), data: AppendContentData }),
]);
export type Notification = z.infer<typeof Notification>;
