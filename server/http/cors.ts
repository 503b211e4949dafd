import type { FastifyCorsOptions, FastifyCorsOptionsDelegatePromise } from '@fastify/cors';
import type { FastifyRequest } from 'fastify';
import { classOf, requestClass } from '../auth/route-classes.ts';

/** How long a browser may reuse a preflight's answer. */
const PREFLIGHT_MAX_AGE_S = 600;

/**
 * CORS by route class: visitor routes answer the site's origins (BECKON_ALLOWED_ORIGINS) with every
 * method the widgets use; agent, operator and SocialHub routes answer no other origin at all.
 * A preflight has matched no route yet, so its class comes from the path and the method it asks for.
 */
export function corsByClass(allowedOrigins: readonly string[]): FastifyCorsOptionsDelegatePromise {
  const visitor: FastifyCorsOptions = {
    origin: allowedOrigins.includes('*') ? '*' : [...allowedOrigins],
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'DELETE'],
    // GMS's clients add `apikey` (Apigee) and `gms_user` to the GMS-compatible routes.
    allowedHeaders: ['content-type', 'authorization', 'last-event-id', 'apikey', 'gms_user'],
    exposedHeaders: ['retry-after'],
    maxAge: PREFLIGHT_MAX_AGE_S,
  };
  return async (request: FastifyRequest) => {
    const asked = request.headers['access-control-request-method'];
    const routeClass =
      request.method === 'OPTIONS' && typeof asked === 'string'
        ? classOf(asked.toUpperCase(), request.url.split('?')[0] ?? '/')
        : requestClass(request);
    return routeClass === 'visitor' ? visitor : { origin: false };
  };
}
