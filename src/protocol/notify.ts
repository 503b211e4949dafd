import * as z from 'zod/mini';
import { CUSTOM_CHANNEL, OWN_CHANNELS } from './names.ts';
import { Notification, page } from './notification.ts';

// The notify route's body and the stream's messages: the server's side of notifications. The
// browser checks only Beckon's own channels (notification.ts); any other goes to listeners as sent.

/**
 * Any other channel (GWE's own `gpe.*`, or a site's): handed as it is to the page's listeners,
 * `['on', 'notification:<channel>', fn]`. Beckon's own channels are checked by `Notification`.
 */
export const CustomNotification = z.object({
  page,
  channel: z.string().check(
    z.regex(CUSTOM_CHANNEL, 'must be 1-100 letters, digits or _ . : -, starting with a letter'),
    z.refine((channel) => !OWN_CHANNELS.includes(channel), 'is one of Beckon’s own channels'),
  ),
  data: z.optional(z.unknown()),
});
export type CustomNotification = z.infer<typeof CustomNotification>;

/** The schema a message is checked by: its channel's, so a problem is named in its own terms. */
export const schemaFor = (message: unknown) =>
  OWN_CHANNELS.includes((message as { channel?: string } | null)?.channel ?? '')
    ? Notification
    : CustomNotification;

/**
 * Body of `POST /server/data/notification/notify/{visitID}`: a JSON array, as GWE's REST API takes,
 * each message checked by `schemaFor` (routes.ts).
 */
export const NotificationBatch = z
  .array(z.unknown())
  .check(z.minLength(1, 'must hold at least one message'), z.maxLength(20));

/** A message on one of Beckon's channels or any other. */
export const AnyNotification = z.union([Notification, CustomNotification]);
/** What a back-end posts to the notify route: 1 to 20 messages (`NotificationBatch`). */
export type NotifyBody = Array<z.infer<typeof AnyNotification>>;

/** What the stream sends as each SSE `data:` line; the SSE `id:` is `id`. */
export const StreamMessage = z.object({
  id: z.string(),
  notification: AnyNotification,
});
export type StreamMessage = z.infer<typeof StreamMessage>;
