import * as z from 'zod/mini';
import { Id } from './ids.ts';
import { AdapterName, EngagementType } from './notification.ts';

/**
 * What a media adapter is opened with. `attachedData` always holds `visitID` and `pageID`, and
 * `webengagement: ""` when the engagement was proactive (GWE's reporting marker).
 */
export const MediaContext = z.object({
  visitID: Id,
  globalVisitID: Id,
  pageID: Id,
  engagementID: z.optional(Id),
  proactive: z.boolean(),
  type: EngagementType,
  scenario: z.optional(z.string()),
  attachedData: z.record(z.string(), z.string()),
  user: z.optional(z.record(z.string(), z.string())),
});
export type MediaContext = z.infer<typeof MediaContext>;

/** A function-valued field: only its presence is checked at run time; its shape is for TypeScript. */
export const fn = <T extends (...args: never[]) => unknown>() =>
  z.custom<T>((value) => typeof value === 'function', 'must be a function');

/**
 * A running chat, callback or inbox conversation opened by an adapter. A session whose panel can
 * step aside without ending offers `minimise` and `restore` (the launcher calls them, in every tab
 * of the visit), and emits `minimised` when the visitor minimises it from the panel.
 */
export const MediaSession = z.object({
  close: fn<() => void>(),
  /**
   * `closed` when the visitor or the adapter ends it; `incoming` with how many messages the other
   * side has sent so far (the launcher's unread count); adapters may emit their own events too.
   */
  on: fn<(event: string, listener: (payload?: unknown) => void) => void>(),
  /** Hide the panel, the conversation going on; does nothing when it is hidden. */
  minimise: z.optional(fn<() => void>()),
  /** Show the panel again and put the focus in it; does nothing when it shows. */
  restore: z.optional(fn<() => void>()),
});
export type MediaSession = z.infer<typeof MediaSession>;

/**
 * The contract every media adapter fulfils, registered with `['adapter', adapter]`. Second-party
 * adapters (GMS) carry the context into the contact centre as attached data; third-party ones (a
 * partner's iframe, an inbox) pass it along.
 */
export const MediaAdapter = z.object({
  /** What an offer's `adapter` names: lowercase letters, digits and `-`. */
  name: AdapterName,
  party: z.enum(['second', 'third']),
  /** Opens the media for an accepted invitation; a rejection is reported as MediaFailed. */
  open: fn<(context: MediaContext) => Promise<MediaSession>>(),
  /**
   * Take up a session an earlier page of the visit left running. Beckon asks the adapter its
   * storage names as running (MEDIA_KEY, which the built-in `gms` adapter writes).
   */
  resume: z.optional(fn<() => Promise<MediaSession | null>>()),
});
export type MediaAdapter = z.infer<typeof MediaAdapter>;
