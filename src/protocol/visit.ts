import * as z from 'zod/mini';
import { TrackedEvent } from './event.ts';
import { Id } from './ids.ts';

export const PageView = z.object({
  pageID: Id,
  url: z.string(),
  title: z.string(),
  enteredAt: z.nullable(z.int()),
  exitedAt: z.nullable(z.int()),
  durationMs: z.nullable(z.int()),
  visibleMs: z.nullable(z.int()),
});
export type PageView = z.infer<typeof PageView>;

/** `GET /server/data/visits/{visitID}`: the visit, its page journey in order and its events in order. */
export const VisitReport = z.object({
  visitID: Id,
  globalVisitID: Id,
  startedAt: z.int(),
  lastSeenAt: z.int(),
  languageCode: z.nullable(z.string()),
  timezoneOffset: z.nullable(z.int()),
  referrer: z.nullable(z.string()),
  pages: z.array(PageView),
  events: z.array(TrackedEvent),
});
export type VisitReport = z.infer<typeof VisitReport>;
