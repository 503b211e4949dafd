import * as z from 'zod/mini';
import { Dsl } from './dsl.ts';

/** `_gt.push(['config', {...}])`. Every key is optional; defaults are in src/monitor/config.ts. */
export const Config = z.object({
  /** Engagement server base URL; defaults to the origin beckon.js was loaded from. */
  endpoint: z.optional(z.string()),
  dsl: z.optional(Dsl),
  /** URL of a DSL: JSON in the shape of `Dsl`, or a GWE domain-model.xml. */
  dslResource: z.optional(z.string()),
  visitTimeoutMinutes: z.optional(z.number().check(z.positive())),
  trackSpa: z.optional(z.boolean()),
  /** Also treat `hashchange` as a new page view (for hash-routed single-page apps). */
  trackHash: z.optional(z.boolean()),
  requireConsent: z.optional(z.boolean()),
  respectDoNotTrack: z.optional(z.boolean()),
  languageCode: z.optional(z.string()),
  debug: z.optional(z.boolean()),
});
export type Config = z.infer<typeof Config>;
