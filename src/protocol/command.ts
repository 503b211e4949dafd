import * as z from 'zod/mini';
import { Config } from './config.ts';
import { Conversation } from './conversation.ts';
import { EventData, EventName, TrackedEvent } from './event.ts';
import { Id, type Ids } from './ids.ts';
import { fn, MediaAdapter, MediaContext } from './media.ts';
import {
  IDENTITY_EVENTS,
  LEGACY_EVENT_COMMANDS,
  LISTENER_NAMES,
  LISTENER_PREFIXES,
  MAX_EVENT_DATA,
  SYSTEM_EVENTS,
} from './names.ts';
import { AdapterName, InviteData, MediaMessageData } from './notification.ts';

// Every `_gt.push` command as a schema: the `Command` type integrators push (the npm package's
// `push`, `beckon/global`) comes from here. The core script checks the same rules by hand to stay
// small (src/monitor/commands.ts); test/unit/command-schema.test.ts holds the two to each other.

const fitsEventData = (data: unknown) => {
  try {
    return JSON.stringify(data).length <= MAX_EVENT_DATA;
  } catch {
    return false;
  }
};

/** `{data: {...}}`, the one option an event takes; its data must fit in MAX_EVENT_DATA as JSON. */
export const EventOptions = z.strictObject({
  data: z.optional(
    EventData.check(
      z.refine(fitsEventData, `must serialise to JSON of at most ${MAX_EVENT_DATA} characters`),
    ),
  ),
});
export type EventOptions = z.infer<typeof EventOptions>;

/** `['invite', {...}]`: an offer the page raises itself; Beckon gives it an engagementID. */
export const PageInvite = z.extend(InviteData, { engagementID: z.optional(Id) });
export type PageInvite = z.infer<typeof PageInvite>;

/** `['page', {...}]`: what the new page view says of itself instead of `location` and `title`. */
export const PageOverrides = z.strictObject({
  url: z.optional(z.string()),
  title: z.optional(z.string()),
});
export type PageOverrides = z.infer<typeof PageOverrides>;

const MediaNews = z.object({ adapter: AdapterName, context: MediaContext });
const MediaResumed = z.object({ adapter: AdapterName });

/** What the listener of each name is handed. */
export const LISTENER_PAYLOADS = {
  /** The IDs of events the server has confirmed. */
  delivered: z.array(Id),
  /** A person's reply for the visitor's media session (an inbox reply). */
  message: MediaMessageData,
  'invite:offered': InviteData,
  'invite:shown': InviteData,
  'invite:accepted': InviteData,
  'invite:rejected': InviteData,
  'invite:timed-out': InviteData,
  'invite:revoked': InviteData,
  'invite:*': InviteData,
  'media:opened': MediaNews,
  'media:closed': MediaNews,
  'media:resumed': MediaResumed,
  'media:*': z.union([MediaNews, MediaResumed]),
  /** The visit's conversation: on each page that has one, and on every change in any tab. */
  conversation: Conversation,
  '*': z.unknown(),
} satisfies Record<(typeof LISTENER_NAMES)[number], z.ZodMiniType>;
/** What the listener of each prefixed name is handed: the event, or the notification's data. */
export const PREFIXED_PAYLOADS = {
  'event:': TrackedEvent,
  'notification:': z.unknown(),
} satisfies Record<(typeof LISTENER_PREFIXES)[number], z.ZodMiniType>;

/** What the listener of each name is handed. */
export type ListenerPayloads = {
  [N in keyof typeof LISTENER_PAYLOADS]: z.output<(typeof LISTENER_PAYLOADS)[N]>;
};
/** What the listener of each prefixed name (`event:AddToCart`) is handed. */
export type PrefixedPayloads = {
  [P in keyof typeof PREFIXED_PAYLOADS]: z.output<(typeof PREFIXED_PAYLOADS)[P]>;
};
/** Every name `['on', name, listener]` takes. */
export type ListenerName = keyof ListenerPayloads | `${keyof PrefixedPayloads}${string}`;
/** What the listener for `name` is handed: its name's payload, else its prefix's. */
export type Payload<N extends ListenerName> = N extends keyof ListenerPayloads
  ? ListenerPayloads[N]
  : {
      [P in keyof PrefixedPayloads]: N extends `${P}${string}` ? PrefixedPayloads[P] : never;
    }[keyof PrefixedPayloads];
export type Listener<N extends ListenerName> = (payload: Payload<N>) => void;
/** `['on' | 'off', name, listener]`, one tuple per name, its listener typed by the name's payload. */
export type ListenCommand<N extends ListenerName = ListenerName> = {
  [M in N]: ['on' | 'off', M, Listener<M>];
}[N];

/**
 * `['on' | 'off', name, listener]`. At run time a listener is only checked to be a function; the
 * cast gives each name's listener the payload its schema above describes.
 */
export const Listen = z.tuple([
  z.enum(['on', 'off']),
  z.union([
    z.enum(LISTENER_NAMES),
    ...LISTENER_PREFIXES.map((prefix) => z.templateLiteral([prefix, z.string()])),
  ]),
  fn<(payload: never) => void>(),
]) as unknown as z.ZodMiniType<ListenCommand, ListenCommand>;

/** A name a page may record: any but those Beckon records itself (identity events excepted). */
const PageEventName = EventName.check(
  z.refine(
    (name) =>
      !(SYSTEM_EVENTS as readonly string[]).includes(name) ||
      (IDENTITY_EVENTS as readonly string[]).includes(name),
    'is recorded by Beckon itself',
  ),
);

/** `['event', name, {data}?]`, and GWE 8.1's `['event', {eventName, ...fields}]`. */
const Event = z.union([
  z.tuple([z.literal('event'), PageEventName, z.optional(EventOptions)]),
  z.tuple([
    z.literal('event'),
    z
      .looseObject({ eventName: PageEventName })
      .check(z.refine(({ eventName, ...fields }) => fitsEventData(fields), 'too much data')),
  ]),
]);

/** Every command `_gt.push` takes. */
export const Command = z.union([
  z.tuple([z.literal('config'), Config]),
  Event,
  z.tuple([
    z.enum(Object.keys(LEGACY_EVENT_COMMANDS) as Array<keyof typeof LEGACY_EVENT_COMMANDS>),
    z.optional(EventOptions),
  ]),
  z.tuple([z.literal('getIDs'), fn<(ids: Ids) => void>()]),
  Listen,
  z.tuple([z.literal('consent'), z.boolean()]),
  z.tuple([z.literal('invite'), PageInvite]),
  z.tuple([z.literal('adapter'), MediaAdapter]),
  z.tuple([z.literal('page'), z.optional(PageOverrides)]),
  z.tuple([z.literal('debug'), z.optional(z.boolean())]),
  /** Erase the visitor: everything Beckon keeps on the device, and on the server. */
  z.tuple([z.literal('forget')]),
]);
export type Command = z.input<typeof Command>;
