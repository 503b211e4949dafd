import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { app, closeDatabases } from './helpers.ts';

describe('CORS', () => {
  after(closeDatabases);

  it('lets any origin post events with the demo default (*)', async () => {
    const server = await app({ allowedOrigins: ['*'] });
    const response = await server.inject({
      method: 'OPTIONS',
      url: '/server/data/events',
      headers: { origin: 'https://any.example', 'access-control-request-method': 'POST' },
    });
    assert.equal(response.headers['access-control-allow-origin'], '*');
    await server.close();
  });

  it('allows only the listed origins when BECKON_ALLOWED_ORIGINS names them', async () => {
    const server = await app({ allowedOrigins: ['https://shop.example', 'https://help.example'] });
    const allowed = await server.inject({
      method: 'POST',
      url: '/server/data/events',
      headers: { origin: 'https://help.example', 'content-type': 'text/plain' },
      payload: '{"events":[]}',
    });
    assert.equal(allowed.headers['access-control-allow-origin'], 'https://help.example');
    const refused = await server.inject({
      method: 'POST',
      url: '/server/data/events',
      headers: { origin: 'https://evil.example', 'content-type': 'text/plain' },
      payload: '{"events":[]}',
    });
    assert.equal(refused.headers['access-control-allow-origin'], undefined);
    await server.close();
  });
});
