import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { apiError } from '../http/errors.ts';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * Guards the routes an operator or orchestrator calls (notify, engage, agent availability): a bearer
 * token from BECKON_NOTIFY_TOKEN, or, when none is set, requests from this machine only.
 */
export function operatorGuard(token: string | undefined) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (!token) {
      if (LOOPBACK.has(request.socket.remoteAddress ?? '')) return;
      return reply
        .status(403)
        .send(
          apiError('forbidden', 'set BECKON_NOTIFY_TOKEN to call this route from another machine'),
        );
    }
    const given = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
    const ok =
      given.length === token.length && timingSafeEqual(Buffer.from(given), Buffer.from(token));
    if (!ok) {
      return reply
        .status(401)
        .header('www-authenticate', 'Bearer')
        .send(
          apiError(
            'unauthorized',
            'a valid "Authorization: Bearer <token>" header is required',
            'authorization',
          ),
        );
    }
  };
}
