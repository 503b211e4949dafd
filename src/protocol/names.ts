// Plain constants, free of zod, so the core script can import them without shipping the schemas.

export const SYSTEM_EVENTS = [
  'VisitStarted',
  'PageEntered',
  'PageExited',
  'SignIn',
  'SignOut',
  'UserInfo',
  'InviteShown',
  'InviteAccepted',
  'InviteRejected',
  'InviteTimedOut',
  'MediaOpened',
  'MediaFailed',
] as const;
export type SystemEventName = (typeof SYSTEM_EVENTS)[number];

/** Identity events a page sends through `['event', name, {data}]`; they travel as SYSTEM events. */
export const IDENTITY_EVENTS = [
  'SignIn',
  'SignOut',
  'UserInfo',
] as const satisfies readonly SystemEventName[];

/** The channels Beckon itself understands; any other a page hears through `notification:<channel>`. */
export const OWN_CHANNELS = [
  'beckon.invite',
  'beckon.revoke',
  'beckon.message',
  'beckon.chat',
  'gpe.appendContent',
];
export const CUSTOM_CHANNEL = /^[A-Za-z][A-Za-z0-9_.:-]{0,99}$/;

/**
 * What `['on', name, listener]` can hear besides `event:<name>` and `notification:<channel>`. A name
 * ending in `*` hears every name it starts (`*` alone hears everything).
 */
export const LISTENER_NAMES = [
  'delivered',
  'message',
  'invite:offered',
  'invite:shown',
  'invite:accepted',
  'invite:rejected',
  'invite:timed-out',
  'invite:revoked',
  'invite:*',
  'media:opened',
  'media:closed',
  'media:resumed',
  'media:*',
  'conversation',
  '*',
] as const;
/** Names with a part of their own: `event:AddToCart` (or `event:*`), `notification:acme.offers`. */
export const LISTENER_PREFIXES = ['event:', 'notification:'] as const;

/** GWE 8.1 spellings that 8.5 still accepts, as commands and as event names. */
export const LEGACY_EVENT_COMMANDS = {
  sendSignIn: 'SignIn',
  sendSignOut: 'SignOut',
  sendUserInfo: 'UserInfo',
} as const;

/** The most an event's data may hold, as JSON characters. */
export const MAX_EVENT_DATA = 16_384;

/** A media adapter's name: lowercase letters, digits and `-`. */
export const ADAPTER_NAME = /^[a-z][a-z0-9-]{0,31}$/;

/** How long an invitation, native or custom, waits for an answer when the offer says nothing. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * Where an agent's picture travels in a GMS chat: the user data of their ParticipantJoined, which
 * GMS carries as it is; a chat where it is missing shows the agent's initials.
 */
export const AVATAR_KEY = 'avatar';

/** Storage key of the local frequency cap of invitations (src/engage/frequency-cap.ts). */
export const CAP_KEY = 'beckon.cap';
