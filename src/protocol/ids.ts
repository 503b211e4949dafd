import * as z from 'zod/mini';

/** GWE identifiers: 32 uppercase hex characters, e.g. `9A1AD4389AC34F0A86D3EB04E50D6137`. */
export const Id = z
  .string()
  .check(z.regex(/^[0-9A-F]{32}$/, 'must be 32 uppercase hex characters'));
export type Id = z.infer<typeof Id>;

export const Ids = z.object({ globalVisitID: Id, visitID: Id, pageID: Id });
/** What `_gt.push(['getIDs', cb])` hands to `cb`. */
export type Ids = z.infer<typeof Ids>;
