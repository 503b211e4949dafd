import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { requestClass } from '../auth/route-classes.ts';
import { apiError } from '../http/errors.ts';

/**
 * GMS behind its API gateway (Apigee) wants an `apikey` header on every customer-side request, and
 * its clients send one (Widgets' `webchat.apikey`, apps, scripts). With BECKON_GMS_APIKEY set, the
 * visitor-side GMS routes want it too; agent routes under /genesys/ keep their own guard.
 */
export function requireGmsApikey(app: FastifyInstance, apikey: string) {
  const expected = Buffer.from(apikey);
  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/genesys/') || request.method === 'OPTIONS') return;
    if (requestClass(request) !== 'visitor') return;
    const given = request.headers.apikey;
    const presented = Buffer.from(typeof given === 'string' ? given : '');
    if (presented.length === expected.length && timingSafeEqual(presented, expected)) return;
    return reply
      .status(401)
      .send(
        apiError(
          'unauthorized',
          'an "apikey" header with the service\'s key is required',
          'apikey',
        ),
      );
  });
}
