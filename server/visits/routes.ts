import type { FastifyInstance } from 'fastify';
import { invalidVisitId, isVisitId, unknownVisit } from '../http/errors.ts';
import type { VisitStore } from '../store/visit-store.ts';

/** `GET /server/data/visits/{visitID}`: the visit with its page journey and events, in order. */
export async function visitRoutes(app: FastifyInstance, options: { visits: VisitStore }) {
  app.get<{ Params: { visitID: string } }>(
    '/server/data/visits/:visitID',
    async (request, reply) => {
      const { visitID } = request.params;
      if (!isVisitId(visitID)) return reply.status(400).send(invalidVisitId());
      const visit = await options.visits.getVisit(visitID);
      if (!visit) return reply.status(404).send(unknownVisit(visitID));
      return visit;
    },
  );
}
