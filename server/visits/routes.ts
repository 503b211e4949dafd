import type { FastifyInstance } from 'fastify';
import { Id } from '../../src/protocol/ids.ts';
import { apiError } from '../http/errors.ts';
import type { VisitStore } from '../store/visit-store.ts';

/** `GET /server/data/visits/{visitID}`: the visit with its page journey and events, in order. */
export async function visitRoutes(app: FastifyInstance, options: { visits: VisitStore }) {
  app.get<{ Params: { visitID: string } }>(
    '/server/data/visits/:visitID',
    async (request, reply) => {
      const { visitID } = request.params;
      const parsed = Id.safeParse(visitID);
      if (!parsed.success) {
        return reply
          .status(400)
          .send(
            apiError('invalid_visit_id', `visitID ${parsed.error.issues[0]?.message}`, 'visitID'),
          );
      }
      const visit = await options.visits.getVisit(parsed.data);
      if (!visit)
        return reply.status(404).send(apiError('not_found', `no visit ${visitID}`, 'visitID'));
      return visit;
    },
  );
}
