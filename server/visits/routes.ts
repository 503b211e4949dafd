import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import * as z from 'zod/mini';
import { Id } from '../../src/protocol/ids.ts';
import { ApiError } from '../../src/protocol/ingest.ts';
import { VisitReport } from '../../src/protocol/visit.ts';
import type { VisitGate } from '../auth/visit-key.ts';
import { unknownVisit } from '../http/errors.ts';
import type { VisitStore } from '../store/visit-store.ts';

/**
 * `GET /server/data/visits/{visitID}`: the visit with its page journey and events, in order. It holds
 * personal data (UserInfo, SignIn), so only the visit's own browser (its key) and agents read it.
 */
export async function visitRoutes(
  app: FastifyInstance,
  options: { visits: VisitStore; visitGate: VisitGate },
) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/server/data/visits/:visitID',
    {
      schema: {
        summary: "A visit's page journey and events",
        params: z.object({ visitID: Id }),
        response: { 200: VisitReport, 400: ApiError, 401: ApiError, 404: ApiError },
      },
    },
    async (request, reply) => {
      const { visitID } = request.params;
      if (!(await options.visitGate(request, reply, visitID, { agents: true }))) return reply;
      const visit = await options.visits.getVisit(visitID);
      if (!visit) return reply.status(404).send(unknownVisit(visitID));
      return visit;
    },
  );
}
