import type { FastifyInstance } from 'fastify';
import * as z from 'zod/mini';
import { EngageRequest, NoEngageRequest } from '../../src/protocol/engagement.ts';
import { apiError, invalidBody, unknownVisit } from '../http/errors.ts';
import type { VisitStore } from '../store/visit-store.ts';
import type { AgentAvailability } from './agents.ts';
import type { EngagementService } from './service.ts';

const Availability = z.object({ available: z.int().check(z.nonnegative(), z.lte(100_000)) });

const invalid = (issues: readonly { path: readonly PropertyKey[]; message: string }[]) =>
  invalidBody('invalid_request', issues);

/** Where the gateway answers: GWE 8.5's path, and 8.1.2's, which orchestrators still call. */
export const GATEWAY_PATHS = ['/server/data/gateway', '/backend/data/gateway'] as const;

interface EngagementRouteOptions {
  engagement: EngagementService;
  agents: AgentAvailability;
  visits: VisitStore;
}

/** GWE's Engagement REST API under `gateway`: an orchestrator offers (engage) or withdraws (noengage). */
function gatewayRoutes(app: FastifyInstance, gateway: string, options: EngagementRouteOptions) {
  app.post(`${gateway}/engage`, async (request, reply) => {
    const parsed = EngageRequest.safeParse(request.body);
    if (!parsed.success) return reply.status(400).send(invalid(parsed.error.issues));
    const { visitID, offer, page } = parsed.data;
    if (!(await options.visits.exists(visitID)))
      return reply.status(404).send(unknownVisit(visitID));
    const result = await options.engagement.offer(visitID, offer, 'gateway', page);
    if (result.status === 'offered') return result;
    return reply.status(409).send({
      ...result,
      ...apiError('blocked', `the engagement policy held the offer back: ${result.reason}`),
    });
  });

  app.post(`${gateway}/noengage`, async (request, reply) => {
    const parsed = NoEngageRequest.safeParse(request.body);
    if (!parsed.success) return reply.status(400).send(invalid(parsed.error.issues));
    const outcome = await options.engagement.revoke(parsed.data.engagementID, parsed.data.reason);
    if (outcome === 'unknown')
      return reply.status(404).send(apiError('not_found', 'no such engagement', 'engagementID'));
    const answer = { engagementID: parsed.data.engagementID, outcome };
    if (outcome === 'revoked') return answer;
    return reply
      .status(409)
      .send({ ...answer, ...apiError('not_revocable', `the engagement is ${outcome} already`) });
  });
}

/**
 * The outside orchestrator's side (GWE's Engagement REST API), the statistics, and the agents'
 * availability that the policy paces offers by.
 */
export async function engagementRoutes(app: FastifyInstance, options: EngagementRouteOptions) {
  for (const gateway of GATEWAY_PATHS) gatewayRoutes(app, gateway, options);

  app.get('/server/data/engagements/stats', async () => options.engagement.stats());

  app.get('/server/data/agents/availability', async () => ({
    available: options.agents.available(),
  }));
  app.put('/server/data/agents/availability', async (request, reply) => {
    const parsed = Availability.safeParse(request.body);
    if (!parsed.success) return reply.status(400).send(invalid(parsed.error.issues));
    options.agents.set(parsed.data.available);
    return { available: options.agents.available() };
  });
}
