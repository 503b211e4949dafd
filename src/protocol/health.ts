import * as z from 'zod/mini';

/**
 * What the health probes answer: `ok`, or `unavailable` with the reason (the database cannot be
 * reached, the server is starting or stopping). Server-only.
 */
export const Health = z.object({
  status: z.enum(['ok', 'unavailable']),
  reason: z.optional(z.string()),
});
export type Health = z.infer<typeof Health>;
