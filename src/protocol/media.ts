import * as z from 'zod/mini';
import { Id } from './ids.ts';
import { EngagementType } from './notification.ts';

/**
 * What a media adapter is opened with. `attachedData` always holds `visitID` and `pageID`, and
 * `webengagement: ""` when the engagement was proactive (GWE's reporting marker).
 */
export const MediaContext = z.object({
  visitID: Id,
  globalVisitID: Id,
  pageID: Id,
  engagementID: z.optional(Id),
  proactive: z.boolean(),
  type: EngagementType,
  scenario: z.optional(z.string()),
  attachedData: z.record(z.string(), z.string()),
  user: z.optional(z.record(z.string(), z.string())),
});
export type MediaContext = z.infer<typeof MediaContext>;
