import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import * as z from 'zod/mini';
import {
  AgentsAvailable,
  EngagementStats,
  EngageRequest,
  GweEngageRequest,
  GweNoEngageRequest,
  NoEngageRequest,
  type Offer,
  OfferBlocked,
  OfferMade,
  VisitWithdrawn,
  Withdrawn,
} from '../../src/protocol/engagement.ts';
import { ApiError } from '../../src/protocol/ingest.ts';
import { apiError, invalidBody, unknownVisit } from '../http/errors.ts';
import type { VisitStore } from '../store/visit-store.ts';
import type { AgentAvailability } from './agents.ts';
import type { EngagementService } from './service.ts';

const invalid = (issues: readonly { path: readonly PropertyKey[]; message: string }[]) =>
  invalidBody('invalid_request', issues);

/** Where the gateway answers: GWE 8.5's path, and 8.1.2's, which orchestrators still call. */
export const GATEWAY_PATHS = ['/server/data/gateway', '/backend/data/gateway'] as const;

interface EngagementRouteOptions {
  engagement: EngagementService;
  agents: AgentAvailability;
  visits: VisitStore;
}

/**
 * The gateway's bodies come in two forms, each parsed by its own schema in the handler (so a
 * refusal names the field in that form's terms, which a union's error cannot); the contract
 * declares both.
 */
const EITHER_FORM = () => (value: unknown) => ({ value });

/** What a GWE strategy's engage offers when its `ixnProfile` names no Beckon offer. */
export const GWE_DEFAULT_OFFER: Offer = {
  type: 'chat',
  title: 'Can we help?',
  message: 'An agent is free to chat with you now.',
};

/**
 * GWE's form of a body, `{ixnProfile}` or `{cancelData}`: the value as JSON, or as a form field
 * holding JSON. Undefined when the body is in Beckon's own form.
 */
function gweField(
  body: unknown,
  name: 'ixnProfile' | 'cancelData',
): { value: unknown } | undefined {
  const value = (body as Record<string, unknown> | null)?.[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') return { value: body };
  try {
    return { value: { [name]: JSON.parse(value) } };
  } catch {
    return { value: { [name]: value } };
  }
}

/**
 * GWE's Engagement REST API under `gateway`: an orchestrator offers (engage) or withdraws (noengage).
 * Beckon's form answers 404 and 409 where they apply; GWE's (`ixnProfile`, `cancelData`) answers as
 * GWE did, 200 OK or 400 FAULT, each with the same JSON body.
 */
function gatewayRoutes(app: FastifyInstance, gateway: string, options: EngagementRouteOptions) {
  const answer = (reply: FastifyReply, gwe: boolean, status: number, body: ApiError | object) =>
    reply.status(gwe && status >= 400 ? 400 : status).send(body);

  app.post(
    `${gateway}/engage`,
    {
      schema: {
        summary: "Offer an engagement (Beckon's body, or GWE's ixnProfile as JSON or a form field)",
        body: z.union([EngageRequest, GweEngageRequest]),
        response: {
          200: OfferMade,
          400: z.union([OfferBlocked, ApiError]),
          404: ApiError,
          409: OfferBlocked,
        },
      },
      validatorCompiler: EITHER_FORM,
    },
    async (request, reply) => {
      const gwe = gweField(request.body, 'ixnProfile');
      let wanted: { visitID: string; offer: Offer; page?: string | undefined };
      if (gwe) {
        const parsed = GweEngageRequest.safeParse(gwe.value);
        if (!parsed.success) return reply.status(400).send(invalid(parsed.error.issues));
        const { visitID, pageID, offer } = parsed.data.ixnProfile;
        wanted = { visitID, offer: offer ?? GWE_DEFAULT_OFFER, page: pageID };
      } else {
        const parsed = EngageRequest.safeParse(request.body);
        if (!parsed.success) return reply.status(400).send(invalid(parsed.error.issues));
        wanted = parsed.data;
      }
      const { visitID, offer, page } = wanted;
      if (!(await options.visits.exists(visitID)))
        return answer(reply, !!gwe, 404, unknownVisit(visitID));
      const result = await options.engagement.offer(visitID, offer, 'gateway', page);
      if (result.status === 'offered') return result;
      return answer(reply, !!gwe, 409, {
        ...result,
        ...apiError('blocked', `the engagement policy held the offer back: ${result.reason}`),
      });
    },
  );

  app.post(
    `${gateway}/noengage`,
    {
      schema: {
        summary: "Withdraw an offer (Beckon's body, or GWE's cancelData naming it or the visit)",
        body: z.union([NoEngageRequest, GweNoEngageRequest]),
        response: {
          200: z.union([Withdrawn, VisitWithdrawn]),
          400: z.union([Withdrawn, ApiError]),
          404: ApiError,
          409: Withdrawn,
        },
      },
      validatorCompiler: EITHER_FORM,
    },
    async (request, reply) => {
      const gwe = gweField(request.body, 'cancelData');
      let wanted: { engagementID: string; reason?: string | undefined };
      if (gwe) {
        const parsed = GweNoEngageRequest.safeParse(gwe.value);
        if (!parsed.success) return reply.status(400).send(invalid(parsed.error.issues));
        const { engagementID, visitID, reason } = parsed.data.cancelData;
        if (!engagementID && visitID) {
          // GWE's strategies may name the visit alone: whatever is in progress for it is withdrawn.
          const revoked: string[] = [];
          for (const id of await options.engagement.inProgress(visitID))
            if ((await options.engagement.revoke(id, reason)) === 'revoked') revoked.push(id);
          return { visitID, revoked };
        }
        if (!engagementID)
          return reply
            .status(400)
            .send(
              apiError(
                'invalid_request',
                'cancelData names no engagementID or visitID',
                'cancelData',
              ),
            );
        wanted = { engagementID, reason };
      } else {
        const parsed = NoEngageRequest.safeParse(request.body);
        if (!parsed.success) return reply.status(400).send(invalid(parsed.error.issues));
        wanted = parsed.data;
      }
      const { engagementID } = wanted;
      const outcome = await options.engagement.revoke(engagementID, wanted.reason);
      if (outcome === 'unknown')
        return answer(
          reply,
          !!gwe,
          404,
          apiError('not_found', 'no such engagement', 'engagementID'),
        );
      if (outcome === 'revoked') return { engagementID, outcome };
      return answer(reply, !!gwe, 409, {
        engagementID,
        outcome,
        ...apiError('not_revocable', `the engagement is ${outcome} already`),
      });
    },
  );
}

/**
 * The outside orchestrator's side (GWE's Engagement REST API), the statistics, and the agents'
 * availability that the policy paces offers by.
 */
export async function engagementRoutes(app: FastifyInstance, options: EngagementRouteOptions) {
  // GWE strategies post their JSON in a form field as often as as a JSON body.
  await app.register(formbody);
  for (const gateway of GATEWAY_PATHS) gatewayRoutes(app, gateway, options);

  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.get(
    '/server/data/engagements/stats',
    {
      schema: {
        summary: 'Offers made, shown, answered, withdrawn, dropped, and blocked by reason',
        response: { 200: EngagementStats },
      },
    },
    async () => options.engagement.stats(),
  );

  typed.get(
    '/server/data/agents/availability',
    { schema: { summary: 'How many agents are free', response: { 200: AgentsAvailable } } },
    async () => ({ available: await options.agents.available() }),
  );
  typed.put(
    '/server/data/agents/availability',
    {
      schema: {
        summary: 'Say how many agents are free: the policy offers only while one is',
        body: AgentsAvailable,
        response: { 200: AgentsAvailable, 400: ApiError },
      },
    },
    async (request) => {
      await options.agents.set(request.body.available);
      return { available: await options.agents.available() };
    },
  );
}
