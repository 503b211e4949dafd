import * as z from 'zod/mini';
import { Id } from './ids.ts';
import { AdapterName, EngagementType } from './notification.ts';

/**
 * The visit's conversation as the launcher and every tab of the visit see it (storage
 * `beckon.conversation`, src/engage/conversation.ts moves it): which adapter holds it, whether its
 * panel is open, minimised to the launcher, or ended, and how many of the other side's messages
 * the visitor has not seen. `['on', 'conversation', listener]` hears it.
 */
export const Conversation = z.object({
  visitID: Id,
  adapter: AdapterName,
  type: EngagementType,
  scenario: z.optional(z.string()),
  view: z.enum(['open', 'minimised', 'ended']),
  /** Messages from the other side so far, and how many of them the visitor had the panel open for. */
  incoming: z.number(),
  seen: z.number(),
});
export type Conversation = z.infer<typeof Conversation>;
