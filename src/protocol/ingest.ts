import * as z from 'zod/mini';
import { TrackedEvent } from './event.ts';
import { Id } from './ids.ts';

export const MAX_BATCH = 100;

/**
 * The visit credential: 128 random bits the browser makes with the visit and keeps to itself. The
 * server keeps only its hash, from the visit's first events; every later read or write of the visit
 * must show it. A visitID is an address (it travels in URLs and tickets); this is the secret.
 */
export const VisitKey = Id;

/** An event in the browser's outbox, with the key of its visit, which the batch carries apart. */
export const QueuedEvent = z.extend(TrackedEvent, { visitKey: VisitKey });
export type QueuedEvent = z.infer<typeof QueuedEvent>;

/**
 * Body of `POST /server/data/events`. The batch's visits' keys ride in the body, not a header:
 * `sendBeacon` cannot set headers, and one batch can span two visits (one ended while offline).
 */
export const EventBatch = z.object({
  events: z
    .array(TrackedEvent)
    .check(z.minLength(1, 'must hold at least one event'), z.maxLength(MAX_BATCH)),
  keys: z.record(Id, VisitKey),
});
export type EventBatch = z.infer<typeof EventBatch>;

/** Answer of `POST /server/data/events`: every eventID of the batch lands in exactly one list. */
export const IngestResult = z.object({
  accepted: z.array(Id),
  duplicates: z.array(Id),
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
  /** For a batch refused for its credentials: the visits whose key was missing or wrong. */
  visits: z.optional(z.array(Id)),
});
export type ApiError = z.infer<typeof ApiError>;
