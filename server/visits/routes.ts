import type { FastifyInstance } from 'fastify';
import type { VisitGate } from '../auth/visit-key.ts';
import { invalidVisitId, isVisitId, unknownVisit } from '../http/errors.ts';
import type { VisitStore } from '../store/visit-store.ts';

/**
 * `GET /server/data/visits/{visitID}`: the visit with its page journey and events, in order. It holds
 * personal data (UserInfo, SignIn), so only the visit's own browser (its key) and agents read it.
 */
export async function visitRoutes(
  app: FastifyInstance,
  options: { visits: VisitStore; visitGate: VisitGate },
) {
  app.get<{ Params: { visitID: string } }>(
    '/server/data/visits/:visitID',
    async (request, reply) => {
      const { visitID } = request.params;
      if (!isVisitId(visitID)) return reply.status(400).send(invalidVisitId());
      if (!(await options.visitGate(request, reply, visitID, { agents: true }))) return reply;
      const visit = await options.visits.getVisit(visitID);
      if (!visit) return reply.status(404).send(unknownVisit(visitID));
      return visit;
    },
  );
}
