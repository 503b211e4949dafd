import type { FastifyInstance } from 'fastify';
import { ApiError, EventBatch, IngestResult } from '../../src/protocol/ingest.ts';
import type { Category } from '../engagement/categories.ts';
import { categorize } from '../engagement/categories.ts';
import type { EngagementService } from '../engagement/service.ts';
import { apiError, invalidBody, issueField } from '../http/errors.ts';
import type { VisitStore } from '../store/visit-store.ts';

/** Large enough for a full batch of events with their data; larger bodies get 413. */
export const EVENTS_BODY_LIMIT = 1024 * 1024;

/**
 * `POST /server/data/events`: a batch from the tracker, as JSON or as the text/plain body that
 * `sendBeacon` and CORS-simple fetches send (both parsed in server/http/text-check.ts). All or
 * nothing: one invalid event rejects the batch with a 400 that names the field and lists every rejected index, so the tracker can drop just those.
 * A visit is created with the key its first batch carries, and every later batch must carry that key
 * (401 naming the visits otherwise, so the tracker can start a new visit and send them again). New
 * events then go through the engagement rules.
 */
export async function ingestRoutes(
  app: FastifyInstance,
  options: {
    visits: VisitStore;
    categories: readonly Category[];
    engagement: EngagementService;
  },
) {
  app.post(
    '/server/data/events',
    {
      bodyLimit: EVENTS_BODY_LIMIT,
      schema: {
        summary: "A batch of the tracker's events, with the keys of their visits",
        body: EventBatch,
        response: { 200: IngestResult, 400: ApiError, 401: ApiError, 413: ApiError },
      },
      // The same schema, applied by the handler: a batch is refused whole, and the 400 lists every
      // rejected event so the tracker can drop just those.
      validatorCompiler: () => (value) => ({ value }),
    },
    async (request, reply) => {
      const { ingestEvents } = request.server.metrics;
      const parsed = EventBatch.safeParse(request.body);
      if (!parsed.success) {
        const sent = (request.body as { events?: unknown } | null)?.events;
        ingestEvents.inc({ outcome: 'refused' }, Array.isArray(sent) ? sent.length : 0);
        const issues = parsed.error.issues;
        const rejected = new Map<number, { index: number; field: string; message: string }>();
        for (const issue of issues) {
          const [root, index, ...rest] = issue.path;
          if (root === 'events' && typeof index === 'number' && !rejected.has(index)) {
            rejected.set(index, { index, field: issueField(rest), message: issue.message });
          }
        }
        return reply.status(400).send({
          ...invalidBody('invalid_event', issues),
          ...(rejected.size ? { rejected: [...rejected.values()] } : {}),
        });
      }
      // The category is the server's to decide; whatever a page sent is replaced.
      const events = parsed.data.events.map(({ category: _ignored, ...event }) => {
        const category = categorize(event, options.categories);
        return category ? { ...event, category } : event;
      });
      const result = await options.visits.saveEvents(events, parsed.data.keys, Date.now());
      if ('refused' in result) {
        ingestEvents.inc({ outcome: 'refused' }, events.length);
        return reply.status(401).send({
          ...apiError(
            'invalid_visit_key',
            `keys: the key of visit ${result.refused.join(', ')} is missing or wrong; start a new visit`,
            `keys.${result.refused[0]}`,
          ),
          visits: result.refused,
        });
      }
      ingestEvents.inc({ outcome: 'accepted' }, result.accepted.length);
      ingestEvents.inc({ outcome: 'duplicate' }, result.duplicates.length);
      const fresh = new Set(result.accepted);
      try {
        await options.engagement.onEvents(events.filter((event) => fresh.has(event.eventID)));
      } catch (error) {
        // The events are stored; a failing rule must not make the tracker send them again.
        request.log.error({ err: error }, 'engagement rules failed');
      }
      return result;
    },
  );
}
