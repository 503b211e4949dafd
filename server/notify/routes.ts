import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import * as z from 'zod/mini';
import { Id } from '../../src/protocol/ids.ts';
import { ApiError } from '../../src/protocol/ingest.ts';
import { NotificationBatch, StreamMessage, schemaFor } from '../../src/protocol/notify.ts';
import type { VisitGate } from '../auth/visit-key.ts';
import { invalidBody, unknownVisit } from '../http/errors.ts';
import { eventStreams } from '../http/event-stream.ts';
import type { VisitStore } from '../store/visit-store.ts';
import type { NotificationHub } from './hub.ts';

export interface NotifyRouteOptions {
  hub: NotificationHub;
  visitGate: VisitGate;
  visits: VisitStore;
  heartbeatMs?: number;
}

const VisitParams = z.object({ visitID: Id });

const sseEvent = (message: StreamMessage) =>
  `id: ${message.id}\ndata: ${JSON.stringify(message)}\n\n`;

/**
 * The notification service: `GET /server/notifications/{visitID}` with the visit key streams the
 * visit's messages as Server-Sent Events (replaying what came after `Last-Event-ID`), and GWE's REST method
 * `POST /server/data/notification/notify/{visitID}` publishes to it.
 */
/** GWE's notify route: 8.5's, and 8.1.2's under `/frontend`. */
export const NOTIFY_PATHS = [
  '/server/data/notification/notify/:visitID',
  '/frontend/data/notification/notify/:visitID',
] as const;

export async function notifyRoutes(app: FastifyInstance, options: NotifyRouteOptions) {
  const { hub, visitGate, visits } = options;
  const openStream = eventStreams(app, options.heartbeatMs);

  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.get(
    '/server/notifications/:visitID',
    {
      schema: {
        summary:
          "The visit's notifications as Server-Sent Events (Authorization: Bearer <visit key>)",
        params: VisitParams,
        querystring: z.object({ lastEventId: z.optional(z.string().check(z.maxLength(32))) }),
        response: {
          200: {
            description: 'event: message; data: StreamMessage',
            content: { 'text/event-stream': { schema: StreamMessage } },
          },
          400: ApiError,
          401: ApiError,
        },
      },
    },
    async (request, reply) => {
      const { visitID } = request.params;
      if (!(await visitGate(request, reply, visitID))) return reply;
      const lastEventId =
        (request.headers['last-event-id'] as string | undefined) ?? request.query.lastEventId;
      let unsubscribe: (() => void) | null = null;
      const stream = openStream(request, reply, 'beckon notifications', () => unsubscribe?.());
      try {
        unsubscribe = await hub.subscribe(visitID, lastEventId, (message) =>
          stream.write(sseEvent(message)),
        );
        if (stream.ended) unsubscribe();
      } catch (error) {
        // The page reconnects with backoff and Last-Event-ID: nothing is lost by ending here.
        request.log.error({ err: error }, 'notification stream could not start');
        stream.end();
      }
    },
  );

  // GWE 8.5's path, and 8.1.2's. A GWE caller checks only the status: 200 when published.
  for (const path of NOTIFY_PATHS)
    typed.post(
      path,
      {
        schema: {
          summary: "GWE's Notification REST API: messages for a visit's pages",
          params: VisitParams,
          body: NotificationBatch,
          response: {
            200: z.object({ accepted: z.int() }),
            400: ApiError,
            401: ApiError,
            403: ApiError,
            404: ApiError,
          },
        },
      },
      async (request, reply) => {
        const { visitID } = request.params;
        const messages: Array<StreamMessage['notification']> = [];
        for (const [index, raw] of request.body.entries()) {
          const parsed = schemaFor(raw).safeParse(raw);
          if (!parsed.success)
            return reply.status(400).send(
              invalidBody(
                'invalid_message',
                parsed.error.issues.map((issue) => ({ ...issue, path: [index, ...issue.path] })),
              ),
            );
          messages.push(parsed.data);
        }
        if (!(await visits.exists(visitID))) return reply.status(404).send(unknownVisit(visitID));
        await hub.publish(visitID, messages);
        return reply.status(200).send({ accepted: messages.length });
      },
    );
}
