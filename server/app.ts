import { join } from 'node:path';
import cors from '@fastify/cors';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyServerOptions } from 'fastify';
import * as z from 'zod/mini';
import type { Category } from './engagement/categories.ts';
import { errorHandler } from './http/errors.ts';
import { ingestRoutes } from './ingest/routes.ts';
import type { VisitStore } from './store/visit-store.ts';
import { visitRoutes } from './visits/routes.ts';

// zod/mini ships without messages; every 4xx body should read in plain English.
z.config(z.locales.en());

export interface AppOptions {
  store: VisitStore;
  categories: readonly Category[];
  allowedOrigins: readonly string[];
  /** Serve dist/ (beckon.js and its chunks) and demo/ from this project folder. */
  root?: string;
  logger?: FastifyServerOptions['logger'];
}

export async function buildApp(options: AppOptions) {
  const app = Fastify({ logger: options.logger ?? false, forceCloseConnections: true });
  app.setErrorHandler(errorHandler);
  await app.register(cors, {
    origin: options.allowedOrigins.includes('*') ? '*' : [...options.allowedOrigins],
    methods: ['GET', 'POST'],
  });
  await app.register(ingestRoutes, { store: options.store, categories: options.categories });
  await app.register(visitRoutes, { store: options.store });
  if (options.root) {
    await app.register(fastifyStatic, {
      root: [join(options.root, 'demo'), join(options.root, 'dist')],
      prefix: '/',
      // dist/ also holds the built server; only the browser files are public.
      allowedPath: (path) => !path.startsWith('/server/'),
    });
  }
  return app;
}
