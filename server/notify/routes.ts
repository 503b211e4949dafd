import type { FastifyInstance } from 'fastify';
import { NotificationBatch, type StreamMessage, schemaFor } from '../../src/protocol/notify.ts';
import type { VisitGate } from '../auth/visit-key.ts';
import { invalidBody, invalidVisitId, isVisitId, unknownVisit } from '../http/errors.ts';
import type { VisitStore } from '../store/visit-store.ts';
import type { NotificationHub } from './hub.ts';

export const HEARTBEAT_MS = 15_000;

export interface NotifyRouteOptions {
  hub: NotificationHub;
  visitGate: VisitGate;
  visits: VisitStore;
  heartbeatMs?: number;
}

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
  const heartbeatMs = options.heartbeatMs ?? HEARTBEAT_MS;
  const open = new Set<() => void>();
  app.addHook('onClose', async () => {
    for (const end of [...open]) end();
  });

  app.get<{ Params: { visitID: string }; Querystring: { lastEventId?: string } }>(
    '/server/notifications/:visitID',
    async (request, reply) => {
      const { visitID } = request.params;
      if (!isVisitId(visitID)) return reply.status(400).send(invalidVisitId());
      if (!(await visitGate(request, reply, visitID))) return reply;
      const lastEventId =
        (request.headers['last-event-id'] as string | undefined) ?? request.query.lastEventId;
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        ...(reply.getHeaders() as Record<string, string>),
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      res.write(': beckon notifications\n\n');
      const unsubscribe = hub.subscribe(visitID, lastEventId, (message) =>
        res.write(sseEvent(message)),
      );
      // Comments keep proxies and load balancers from closing an idle stream.
      const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), heartbeatMs);
      const end = () => {
        clearInterval(heartbeat);
        unsubscribe();
        open.delete(end);
        res.end();
      };
      open.add(end);
      request.raw.on('close', end);
    },
  );

  // GWE 8.5's path, and 8.1.2's. A GWE caller checks only the status: 200 when published.
  for (const path of NOTIFY_PATHS)
    app.post<{ Params: { visitID: string } }>(path, async (request, reply) => {
      const { visitID } = request.params;
      if (!isVisitId(visitID)) return reply.status(400).send(invalidVisitId());
      const batch = NotificationBatch.safeParse(request.body);
      if (!batch.success)
        return reply.status(400).send(invalidBody('invalid_message', batch.error.issues));
      const messages: Array<StreamMessage['notification']> = [];
      for (const [index, raw] of batch.data.entries()) {
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
      hub.publish(visitID, messages);
      return reply.status(200).send({ accepted: messages.length });
    });
}
