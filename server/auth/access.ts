import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { apiError } from '../http/errors.ts';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
/** Headers a reverse proxy adds: their presence means the socket's address is the proxy's. */
const FORWARDED = ['forwarded', 'x-forwarded-for', 'x-real-ip'];

export interface AccessOptions {
  /** BECKON_AGENT_TOKEN: the agent console's bearer token. */
  agentToken: string | undefined;
  /** BECKON_NOTIFY_TOKEN: the operator's and orchestrator's bearer token. */
  operatorToken: string | undefined;
  /** BECKON_TRUST_LOOPBACK: a caller on this machine needs no token (one machine, no proxy). */
  trustLoopback: boolean;
  /** Fastify's trustProxy is set: `request.ip` is the client's, read from X-Forwarded-For. */
  trustProxy: boolean;
}

export const bearerOf = (request: FastifyRequest) =>
  /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];

const same = (given: string | undefined, token: string | undefined) =>
  given !== undefined &&
  token !== undefined &&
  given.length === token.length &&
  timingSafeEqual(Buffer.from(given), Buffer.from(token));

/**
 * Who may call the agent and operator routes. A bearer token always; this machine only where the
 * operator said so (BECKON_TRUST_LOOPBACK), and never for a request that came through a proxy
 * unless the proxy is trusted to name the real client.
 */
export function createAccess(options: AccessOptions) {
  const fromThisMachine = (request: FastifyRequest) =>
    options.trustLoopback &&
    LOOPBACK.has(request.ip) &&
    (options.trustProxy || !FORWARDED.some((name) => name in request.headers));

  /** A page of another origin must not act with the agent's or the operator's rights. */
  const crossOrigin = (request: FastifyRequest) => {
    const origin = request.headers.origin;
    return origin !== undefined && origin !== `${request.protocol}://${request.host}`;
  };

  const allows = (request: FastifyRequest, tokens: Array<string | undefined>) =>
    fromThisMachine(request) || tokens.some((token) => same(bearerOf(request), token));

  const guard =
    (tokens: Array<string | undefined>, variable: string) =>
    async (request: FastifyRequest, reply: FastifyReply) => {
      if (crossOrigin(request))
        return reply
          .status(403)
          .send(
            apiError('cross_origin', 'this route answers pages of its own origin only', 'origin'),
          );
      if (allows(request, tokens)) return;
      return reply
        .status(401)
        .header('www-authenticate', 'Bearer')
        .send(
          apiError(
            'unauthorized',
            `a valid "Authorization: Bearer <token>" header is required (${variable})`,
            'authorization',
          ),
        );
    };

  return {
    /** Agent routes: the agent token, or the operator's (who may do what agents do). */
    agent: guard([options.agentToken, options.operatorToken], 'BECKON_AGENT_TOKEN'),
    operator: guard([options.operatorToken], 'BECKON_NOTIFY_TOKEN'),
    /** Whether a request holds the agent's rights, for routes a visitor may also call. */
    isAgent: (request: FastifyRequest) =>
      !crossOrigin(request) && allows(request, [options.agentToken, options.operatorToken]),
  };
}
export type Access = ReturnType<typeof createAccess>;
