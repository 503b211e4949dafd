import * as z from 'zod/mini';
import { CallbackState } from './gms.ts';

// Apart from gms.ts: only the callback chunk and the server read it, and a schema's top-level code
// ships with every chunk that imports its module.

/**
 * `GET|POST /genesys/1/service/{id}/check-queue-position`: where a callback stands. `position` is
 * its place among the service's queued callbacks (1 next), absent when it is not queued; while an
 * agent waits for the visitor to confirm, where to confirm and by when.
 */
export const QueuePosition = z.object({
  _id: z.string(),
  _callback_state: CallbackState,
  position: z.optional(z.int()),
  total_waiting: z.int(),
  _user_confirm_url: z.optional(z.string()),
  _user_confirm_expires: z.optional(z.string()),
});
export type QueuePosition = z.infer<typeof QueuePosition>;

/** What the browser reads of a callback's record (the confirm route's answer): its id and state. */
export const CallbackStand = z.pick(QueuePosition, { _id: true, _callback_state: true });
