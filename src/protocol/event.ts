import * as z from 'zod/mini';
import { Id } from './ids.ts';

export { IDENTITY_EVENTS, SYSTEM_EVENTS, type SystemEventName } from './names.ts';

export const EventName = z
  .string()
  .check(
    z.minLength(1, 'must not be empty'),
    z.maxLength(64, 'must be at most 64 characters'),
    z.regex(/^[A-Za-z0-9_.:-]+$/, 'may hold only letters, digits and _ . : -'),
  );

export const EventData = z.record(z.string(), z.unknown());

/** The GWE event envelope, shared by the tracker (which builds it) and the server (which checks it). */
export const TrackedEvent = z.object({
  eventType: z.enum(['SYSTEM', 'BUSINESS']),
  eventName: EventName,
  eventID: Id,
  globalVisitID: Id,
  visitID: Id,
  pageID: Id,
  timestamp: z.int().check(z.positive('must be a positive epoch time in ms')),
  url: z.string().check(z.maxLength(4096)),
  title: z.string().check(z.maxLength(1024)),
  languageCode: z.optional(z.string().check(z.maxLength(35))),
  /** Semicolon-separated category names, stamped by the server; ignored when a page sends it. */
  category: z.optional(z.string()),
  data: z.optional(EventData),
});
export type TrackedEvent = z.infer<typeof TrackedEvent>;

/** The largest value an `integer` column holds: larger ones are not stored. */
const INT4_MAX = 2 ** 31 - 1;

export const VisitStartedData = z.object({
  timezoneOffset: z.int().check(z.gte(-1440), z.lte(1440)),
  languageCode: z.string(),
  screen: z.string(),
  referrer: z.string(),
});
export type VisitStartedData = z.infer<typeof VisitStartedData>;

export const PageExitedData = z.object({
  durationMs: z.int().check(z.nonnegative(), z.lte(INT4_MAX)),
  visibleMs: z.int().check(z.nonnegative(), z.lte(INT4_MAX)),
});
export type PageExitedData = z.infer<typeof PageExitedData>;
