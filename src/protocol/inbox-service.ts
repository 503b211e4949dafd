import * as z from 'zod/mini';

// The inbox relay's routes that SocialHub calls (server/inbox/): nothing of it ships to the browser.

/** `GET /server/inbox/channel?token=…` (SocialHub's channel-creation callback), answered as JSON. */
export const ChannelConnected = z.object({ channelId: z.string() });

/** SocialHub's webhook body: events by type (Beckon acts on `ticket_action` replies). */
export const SocialHubWebhook = z.object({
  events: z.optional(z.record(z.string(), z.array(z.unknown()))),
});
