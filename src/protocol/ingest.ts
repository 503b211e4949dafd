import * as z from 'zod/mini';
import { TrackedEvent } from './event.ts';
import { Id } from './ids.ts';

export const MAX_BATCH = 100;

/** Body of `POST /server/data/events`. */
export const EventBatch = z.object({
  events: z
    .array(TrackedEvent)
    .check(z.minLength(1, 'must hold at least one event'), z.maxLength(MAX_BATCH)),
});
export type EventBatch = z.infer<typeof EventBatch>;

/** Answer of `POST /server/data/events`: every eventID of the batch lands in exactly one list. */
export const IngestResult = z.object({
  accepted: z.array(Id),
  duplicates: z.array(Id),
  /**
   * For each visit in the batch, the token that opens its notification stream, so knowing a
   * visitID is not enough to read someone's notifications.
   */
  visitTokens: z.optional(z.record(z.string(), z.string())),
});
export type IngestResult = z.infer<typeof IngestResult>;

/** A 4xx answer from any Beckon route. `field` is a dotted path such as `events.2.visitID`. */
export const ApiError = z.object({
  error: z.string(),
  message: z.string(),
  field: z.optional(z.string()),
  /** For a rejected batch: the index of every event that failed, so a client can drop just those. */
  rejected: z.optional(
    z.array(z.object({ index: z.int(), field: z.string(), message: z.string() })),
  ),
});
export type ApiError = z.infer<typeof ApiError>;
