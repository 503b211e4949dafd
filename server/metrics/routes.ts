import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import * as z from 'zod/mini';
import type { Metrics } from './metrics.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The server's metrics (metrics.ts), for the parts that count. */
    metrics: Metrics;
  }
}

/**
 * `GET /metrics` (operator) in Prometheus' text format, and the time every request took, by its
 * route's pattern (not its path: a label per visitID would be a series per visitor).
 */
export async function metricsRoutes(app: FastifyInstance) {
  const { metrics } = app;
  app.addHook('onResponse', async (request, reply) => {
    metrics.requestDuration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status_code: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });
  app.withTypeProvider<ZodTypeProvider>().get(
    '/metrics',
    {
      schema: {
        summary: "The server's metrics in Prometheus' text format (version 0.0.4)",
        response: { 200: { content: { 'text/plain': { schema: z.string() } } } },
      },
    },
    async (_request, reply) =>
      reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()),
  );
}
