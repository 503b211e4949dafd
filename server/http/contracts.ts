import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import { apiDocsRoutes } from './api-docs.ts';

/**
 * Route contracts: a route declares its params, query, body and responses with the zod schemas of
 * src/protocol (`schema: {...}`), and from that one place come its validation (a refusal is the
 * 400 naming the field, errors.ts), its handler's types (`withTypeProvider<ZodTypeProvider>()`),
 * what its answers may hold, and the OpenAPI description served at /server/openapi.json.
 */
export async function routeContracts(app: FastifyInstance, version: string) {
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Beckon engagement server',
        version,
        description:
          'Tracking, notifications, engagements, the GMS-compatible chat and callback service, the inbox relay. Route classes and their credentials: README, Security.',
      },
    },
    transform: jsonSchemaTransform,
  });
  app.get('/server/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await apiDocsRoutes(app);
}
