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
  'gpe.appendContent',
];
export const CUSTOM_CHANNEL = /^[A-Za-z][A-Za-z0-9_.:-]{0,99}$/;

/** How long an invitation, native or custom, waits for an answer when the offer says nothing. */
export const DEFAULT_TIMEOUT_MS = 30_000;
