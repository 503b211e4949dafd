import type { FastifyInstance } from 'fastify';
import { InboxMessage } from '../../src/protocol/inbox.ts';
import type { VisitGate } from '../auth/visit-key.ts';
import { apiError, invalidBody } from '../http/errors.ts';
import { type createInboxRelay, RelayError } from './relay.ts';

/**
 * `POST /server/inbox/messages`: a visitor's message for the inbox. It carries the visit key (as the
 * notification stream does) and the visit's own globalVisitID, because agent replies go to that
 * visit's stream: nobody may write in another visitor's name. The browser retries until it gets an answer; the relay makes sure a
 * retry never makes a second ticket.
 */
export async function inboxRoutes(
  app: FastifyInstance,
  options: { relay: ReturnType<typeof createInboxRelay>; visitGate: VisitGate },
) {
  app.post('/server/inbox/messages', async (request, reply) => {
    const parsed = InboxMessage.safeParse(request.body);
    if (!parsed.success)
      return reply.status(400).send(invalidBody('invalid_message', parsed.error.issues));
    const { visitID, globalVisitID } = parsed.data;
    if (!(await options.visitGate(request, reply, visitID, { globalVisitID }))) return reply;
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
