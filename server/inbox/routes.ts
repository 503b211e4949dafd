import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { InboxMessage, InboxResult } from '../../src/protocol/inbox.ts';
import { ApiError } from '../../src/protocol/ingest.ts';
import type { VisitGate } from '../auth/visit-key.ts';
import { apiError } from '../http/errors.ts';
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
  app.withTypeProvider<ZodTypeProvider>().post(
    '/server/inbox/messages',
    {
      schema: {
        summary: "A visitor's message for the inbox (with the visit key), forwarded as a ticket",
        body: InboxMessage,
        response: {
          200: InboxResult,
          400: ApiError,
          401: ApiError,
          502: ApiError,
          503: ApiError,
        },
      },
    },
    async (request, reply) => {
      const { visitID, globalVisitID } = request.body;
      if (!(await options.visitGate(request, reply, visitID, { globalVisitID }))) return reply;
      try {
        return await options.relay.send(request.body);
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
    },
  );
}
