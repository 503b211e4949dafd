import type { FastifyInstance } from 'fastify';
import * as z from 'zod/mini';
import { SocialHubWebhook } from '../../src/protocol/inbox-service.ts';
import { ApiError } from '../../src/protocol/ingest.ts';
import { apiError } from '../http/errors.ts';
import type { NotificationHub } from '../notify/hub.ts';
import type { InboxStore } from '../store/inbox-store.ts';
import type { createInboxRelay } from './relay.ts';
import { verifyWebhook } from './signature.ts';

interface TicketAction {
  ticketId?: string;
  networkItemId?: string;
  type?: string;
  actionId?: string;
  payload?: { followupId?: string; text?: string };
}

/**
 * `POST /server/inbox/webhook`: SocialHub's calls. The signature is checked on the raw body; a good
 * call is answered at once with its challenge and worked on after: an agent's `reply` goes to the
 * visitor's page as a `beckon.message` notification and is confirmed, or reported back as failed.
 */
export async function inboxWebhookRoutes(
  app: FastifyInstance,
  options: {
    relay: ReturnType<typeof createInboxRelay>;
    store: InboxStore;
    hub: NotificationHub;
    secret: string;
    now?: () => number;
  },
) {
  const now = options.now ?? Date.now;
  // The signature covers the bytes as sent: keep them, parse later.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) =>
    done(null, body),
  );

  const reply = async (action: TicketAction) => {
    const { ticketId, networkItemId, actionId, payload } = action;
    if (!ticketId || !actionId || !payload?.followupId) return;
    const message = networkItemId ? await options.store.byNetworkItemId(networkItemId) : null;
    const text = payload.text?.trim();
    if (!message || !text) {
      await options.relay.resetAction(
        ticketId,
        actionId,
        payload.followupId,
        message ? 'only text replies reach the visitor' : 'unknown visitor',
      );
      return;
    }
    await options.hub.publish(message.visitID, [
      { channel: 'beckon.message', data: { id: payload.followupId, text, from: 'Agent' } },
    ]);
    await options.relay.confirmReply(ticketId, payload.followupId);
  };

  app.post(
    '/server/inbox/webhook',
    {
      schema: {
        summary:
          "SocialHub's signed webhook: agents' replies, confirmed or reset; an empty 200 whose X-SocialHub-Challenge header answers the challenge",
        body: SocialHubWebhook,
        response: {
          200: z.null(),
          400: ApiError,
          401: ApiError,
        },
      },
      // The signature is over the raw bytes, so the handler reads them (and the JSON) itself.
      validatorCompiler: () => (value) => ({ value }),
    },
    async (request, response) => {
      const raw = request.body as Buffer;
      const verdict = verifyWebhook(
        {
          timestamp: request.headers['x-socialhub-timestamp'] as string | undefined,
          signature: request.headers['x-socialhub-signature'] as string | undefined,
        },
        raw,
        options.secret,
        now(),
      );
      if (!verdict.ok)
        return response
          .status(401)
          .send(
            apiError(
              'invalid_signature',
              `webhook refused: ${verdict.reason}`,
              'X-SocialHub-Signature',
            ),
          );
      let events: Record<string, unknown[]> = {};
      try {
        events =
          (JSON.parse(raw.toString('utf8')) as { events?: Record<string, unknown[]> }).events ?? {};
      } catch {
        return response.status(400).send(apiError('invalid_json', 'the webhook body is not JSON'));
      }
      setImmediate(() => {
        for (const [type, list] of Object.entries(events)) {
          if (type !== 'ticket_action') {
            request.log.info({ type }, 'SocialHub event type not handled; dropped');
            continue;
          }
          for (const action of list as TicketAction[]) {
            if (action.type !== 'reply') continue;
            reply(action).catch((error) =>
              request.log.error(
                { err: error, ticketId: action.ticketId },
                'inbox reply not delivered',
              ),
            );
          }
        }
      });
      return response.status(200).header('X-SocialHub-Challenge', verdict.challenge).send();
    },
  );
}
