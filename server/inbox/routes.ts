import type { FastifyInstance } from 'fastify';
import { InboxMessage } from '../../src/protocol/inbox.ts';
import { apiError, invalidBody } from '../http/errors.ts';
import type { VisitTokens } from '../notify/visit-tokens.ts';
import { type createInboxRelay, RelayError } from './relay.ts';

/**
 * `POST /server/inbox/messages`: a visitor's message for the inbox. It carries the visit token (as
 * the notification stream does), because agent replies go to that visit's stream: nobody may write
 * in another visitor's name. The browser retries until it gets an answer; the relay makes sure a
 * retry never makes a second ticket.
 */
export async function inboxRoutes(
  app: FastifyInstance,
  options: { relay: ReturnType<typeof createInboxRelay>; tokens: VisitTokens },
) {
  app.post('/server/inbox/messages', async (request, reply) => {
    const parsed = InboxMessage.safeParse(request.body);
    if (!parsed.success)
      return reply.status(400).send(invalidBody('invalid_message', parsed.error.issues));
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (!options.tokens.verify(parsed.data.visitID, token))
      return reply
        .status(401)
        .send(
          apiError(
            'invalid_token',
            'Authorization must be "Bearer <visit token>", the token the events endpoint handed out',
            'authorization',
          ),
        );
    try {
      return await options.relay.send(parsed.data);
    } catch (error) {
      if (!(error instanceof RelayError)) throw error;
      request.log.error({ err: error }, 'inbox relay failed');
      return error.kind === 'unavailable'
        ? reply
            .status(503)
            .header('retry-after', '30')
            .send(apiError('inbox_unavailable', 'the inbox is not answering; try again later'))
        : reply
            .status(502)
            .send(
              apiError('inbox_refused', 'the inbox refused the message; it cannot be delivered'),
            );
    }
  });
}
