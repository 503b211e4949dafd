import * as z from 'zod/mini';
import { PHONE_NUMBER } from './gms-scenarios.ts';
import { Id } from './ids.ts';

export const MAX_INBOX_TEXT = 10_000;

/** `POST /server/inbox/messages`: a visitor's message for the inbox, from the inbox adapter. */
export const InboxMessage = z.object({
  /** The client's own id for this message: a retry carries the same one, so it makes one ticket. */
  clientMessageId: z
    .string()
    .check(z.regex(/^[A-Za-z0-9-]{8,64}$/, 'must be 8-64 letters, digits or -')),
  visitID: Id,
  globalVisitID: Id,
  pageID: Id,
  /** Present when the engagement was proactive (GWE's `webengagement` marker). */
  webengagement: z.optional(z.boolean()),
  name: z.string().check(z.minLength(1), z.maxLength(120)),
  email: z.optional(
    z.string().check(z.regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, 'must be an email address')),
  ),
  phone: z.optional(z.string().check(z.regex(PHONE_NUMBER, 'must be a phone number'))),
  text: z
    .string()
    .check(
      z.minLength(1, 'must not be empty'),
      z.maxLength(MAX_INBOX_TEXT, 'must be at most 10,000 characters'),
    ),
  url: z.string().check(z.maxLength(4096)),
});
export type InboxMessage = z.infer<typeof InboxMessage>;

export const InboxResult = z.object({ status: z.enum(['delivered', 'duplicate', 'suppressed']) });
export type InboxResult = z.infer<typeof InboxResult>;
