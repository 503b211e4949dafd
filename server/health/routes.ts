import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { Health } from '../../src/protocol/health.ts';
import type { Queryable } from '../store/db.ts';

/** How long readiness waits for the database: a probe must answer in time, not hang with it. */
export const READY_TIMEOUT_MS = 1000;

/**
 * Probes for load balancers and orchestrators. Liveness: the process answers (restart it if not).
 * Readiness: it can reach its database within a second and is not stopping (send it no traffic if
 * not; it comes back by itself). Both are cheap enough to ask every few seconds.
 */
export async function healthRoutes(
  app: FastifyInstance,
  options: { db: Queryable; stopping: () => boolean },
) {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.get(
    '/server/health/live',
    { schema: { summary: 'Liveness: the process answers', response: { 200: Health } } },
    async () => ({ status: 'ok' as const }),
  );
  typed.get(
    '/server/health/ready',
    {
      schema: {
        summary: 'Readiness: the database answers within a second, and the server is not stopping',
        response: { 200: Health, 503: Health },
      },
    },
    async (_request, reply) => {
      const reason = options.stopping() ? 'stopping' : await unreachable(options.db);
      if (!reason) return { status: 'ok' as const };
      return reply.status(503).header('retry-after', '1').send({ status: 'unavailable', reason });
    },
  );
}

/** Why the database cannot be used now, or null when `select 1` comes back in time. */
async function unreachable(db: Queryable): Promise<string | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<string>((resolve) => {
    timer = setTimeout(
      () => resolve('the database did not answer within a second'),
      READY_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([
      db.query('select 1').then(
        () => null,
        (error: Error) => `the database is unreachable: ${error.message}`,
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
