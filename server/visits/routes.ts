import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import * as z from 'zod/mini';
import { VisitEngagement } from '../../src/protocol/engagement.ts';
import { Id } from '../../src/protocol/ids.ts';
import { ApiError } from '../../src/protocol/ingest.ts';
import { VisitReport } from '../../src/protocol/visit.ts';
import type { VisitGate } from '../auth/visit-key.ts';
import { unknownVisit } from '../http/errors.ts';
import type { EngagementStore } from '../store/engagement-store.ts';
import type { VisitStore } from '../store/visit-store.ts';

/**
 * `GET /server/data/visits/{visitID}`: the visit with its page journey and events, in order, and
 * `…/engagements`: the offers made to it. They hold personal data (UserInfo, SignIn) and the
 * visitor's answers, so only the visit's own browser (its key) and agents read them.
 */
export async function visitRoutes(
  app: FastifyInstance,
  options: {
    visits: VisitStore;
    engagements: Pick<EngagementStore, 'byVisit'>;
    visitGate: VisitGate;
  },
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

  app.withTypeProvider<ZodTypeProvider>().get(
    '/server/data/visits/:visitID/engagements',
    {
      schema: {
        summary: "The offers made to a visit, blocked ones with the policy's reason",
        params: z.object({ visitID: Id }),
        response: { 200: z.array(VisitEngagement), 400: ApiError, 401: ApiError, 404: ApiError },
      },
    },
    async (request, reply) => {
      const { visitID } = request.params;
      if (!(await options.visitGate(request, reply, visitID, { agents: true }))) return reply;
      if (!(await options.visits.getVisit(visitID)))
        return reply.status(404).send(unknownVisit(visitID));
      const records = await options.engagements.byVisit(visitID);
      return records.map((record) => ({
        engagementID: record.engagementID,
        source: record.source,
        type: record.offer.type,
        title: record.offer.title,
        status: record.status,
        reason: record.reason,
        createdAt: record.createdAt,
      }));
    },
  );
}
