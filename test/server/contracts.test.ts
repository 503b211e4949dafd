import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { app, closeDatabases, visit } from './helpers.ts';

after(closeDatabases);

/**
 * Routes still checked by hand, each with why; a route leaves this list when it declares its
 * contract (server/http/contracts.ts), and a new route must come with one. The list only shrinks.
 */
const HAND_CHECKED: Record<string, string> = {};

describe('route contracts', () => {
  let server: FastifyInstance;
  let spec: {
    paths: Record<string, Record<string, { responses?: Record<string, { content?: unknown }> }>>;
  };
  before(async () => {
    // With the inbox relay on, so its routes are described too (nothing is sent to SocialHub).
    server = await app({
      inbox: { baseUrl: 'http://127.0.0.1:9', duplicateWindowMs: 0, keepPersonalData: false },
    });
    spec = (await server.inject('/server/openapi.json')).json();
  });
  after(() => server.close());

  it('are declared by every route but those still checked by hand, and served as OpenAPI', () => {
    const routes = Object.entries(spec.paths).flatMap(([path, operations]) =>
      Object.entries(operations).map(([method, operation]) => ({
        key: `${method.toUpperCase()} ${path}`,
        declared: Object.values(operation.responses ?? {}).some((response) => response.content),
      })),
    );
    assert.ok(routes.length > 20, `${routes.length} routes described`);
    const undeclared = routes.filter((route) => !route.declared).map((route) => route.key);
    assert.deepEqual(undeclared.sort(), Object.keys(HAND_CHECKED).sort());
  });

  it('refuse what breaks them with the 400 naming the field, after the credentials', async () => {
    const v = visit();
    const badId = await server.inject(`/server/data/visits/${v.ids.visitID.toLowerCase()}`);
    assert.equal(badId.statusCode, 400);
    assert.equal(badId.json().field, 'visitID');
    const negative = await server.inject({
      method: 'PUT',
      url: '/server/data/agents/availability',
      payload: { available: -1 },
    });
    assert.deepEqual([negative.statusCode, negative.json().field], [400, 'available']);
  });
});
