import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requestClass } from '../auth/route-classes.ts';
import { apiError } from './errors.ts';

export interface RateLimits {
  /** Requests a minute from one address to the visitor routes (BECKON_RATE_LIMIT_ADDRESS). */
  perAddress: number;
  /** Requests a minute naming one visit (BECKON_RATE_LIMIT_VISIT). */
  perVisit: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = { perAddress: 1200, perVisit: 300 };

const isVisitor = (request: FastifyRequest) => requestClass(request) === 'visitor';

/** The visit a request acts for: in its path, its body, or its first event. */
function visitOf(request: FastifyRequest): string | undefined {
  const params = request.params as { visitID?: unknown } | undefined;
  const body = request.body as
    | { visitID?: unknown; events?: Array<{ visitID?: unknown }> }
    | undefined;
  const candidate =
    params?.visitID ?? body?.visitID ?? (Array.isArray(body?.events) && body.events[0]?.visitID);
  return typeof candidate === 'string' ? candidate : undefined;
}

/**
 * Visitor routes are open to the world, so they are paced twice: by address (before the body is
 * read) and by the visit they name (after). Past a limit: 429 with Retry-After, which the tracker
 * and the widgets wait out. Agent, operator and SocialHub routes have tokens and are not paced here.
 */
export async function rateLimits(app: FastifyInstance, limits: RateLimits) {
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      message: `too many requests; try again in ${Math.ceil(context.ttl / 1000)} s`,
    }),
  });
  app.addHook(
    'onRequest',
    app.rateLimit({
      max: limits.perAddress,
      timeWindow: 60_000,
      allowList: (request) => !isVisitor(request),
    }),
  );
  // The plugin runs one limit per request; the second is checked by hand with its own counter.
  const perVisit = app.createRateLimit({
    max: limits.perVisit,
    timeWindow: 60_000,
    keyGenerator: (request) => `visit:${visitOf(request)}`,
    allowList: (request) => !isVisitor(request) || visitOf(request) === undefined,
  });
  app.addHook('preHandler', async (request, reply) => {
    const limit = await perVisit(request);
    if (limit.isAllowed || !limit.isExceeded) return;
    return reply
      .status(429)
      .header('retry-after', String(limit.ttlInSeconds))
      .send(
        apiError(
          'rate_limited',
          `too many requests for this visit; try again in ${limit.ttlInSeconds} s`,
        ),
      );
  });
}
