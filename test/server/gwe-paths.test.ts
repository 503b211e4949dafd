import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { app, closeDatabases, keyed, visit } from './helpers.ts';

after(closeDatabases);

/** A project folder of its own: a built core and chunk, the built server, and a resource directory. */
async function project() {
  const root = await mkdtemp(join(tmpdir(), 'beckon-gwe-'));
  const files: Record<string, string> = {
    'dist/beckon.js': '/* the core */ window.__core = 1;',
    'dist/chunks/engage.js': 'export const engage = 1;',
    'dist/chat.html': '<!doctype html><title>Chat</title>',
    'dist/server/main.mjs': 'SERVER SOURCE',
    'demo/index.html': '<!doctype html><title>Shop</title>',
    'resources/dsl/domain-model.xml': `<properties><events>${'<event name="E"/>'.repeat(200)}</events></properties>`,
    'resources/inviteGMS.html': '<!doctype html><title>Invite</title>',
    'resources/.env': 'SECRET=1',
    'secret.txt': 'OUTSIDE THE RESOURCE DIRECTORY',
  };
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(root, path, '..'), { recursive: true });
    await writeFile(join(root, path), text);
  }
  return root;
}

describe("GWE's paths", () => {
  let server: FastifyInstance;
  let root: string;
  before(async () => {
    root = await project();
    server = await app({
      root,
      resourcesDir: join(root, 'resources'),
      notifyToken: 'operator',
      trustLoopback: false,
    });
  });
  after(async () => {
    await server.close();
    await rm(root, { recursive: true, force: true });
  });

  it("serve Beckon's core where GWE's loader looks for GPE.min.js, and its chunks beside it", async () => {
    for (const name of ['GPE.min.js', 'GPE.js']) {
      const script = await server.inject(`/server/resources/js/build/${name}`);
      assert.equal(script.statusCode, 200, name);
      assert.equal(script.body, '/* the core */ window.__core = 1;');
      assert.match(String(script.headers['content-type']), /javascript/);
    }
    const chunk = await server.inject('/server/resources/js/build/chunks/engage.js');
    assert.equal(chunk.statusCode, 200);
    assert.equal((await server.inject('/server/resources/js/build/chat.html')).statusCode, 200);
    // The built server sits in dist/ too; it is not a browser file.
    const source = await server.inject('/server/resources/js/build/server/main.mjs');
    assert.notEqual(source.statusCode, 200);
    assert.doesNotMatch(source.body, /SERVER SOURCE/);
  });

  it("serve the operator's resource directory under both GWE paths, with types, ETags and gzip", async () => {
    const dsl = await server.inject({
      url: '/server/resources/dsl/domain-model.xml',
      headers: { 'accept-encoding': 'gzip' },
    });
    assert.equal(dsl.statusCode, 200);
    assert.match(String(dsl.headers['content-type']), /xml/);
    assert.equal(dsl.headers['content-encoding'], 'gzip');
    const etag = String(dsl.headers.etag);
    assert.ok(etag);
    const again = await server.inject({
      url: '/server/resources/dsl/domain-model.xml',
      headers: { 'if-none-match': etag },
    });
    assert.equal(again.statusCode, 304);
    const invite = await server.inject('/server/api/resources/v1/inviteGMS.html');
    assert.equal(invite.statusCode, 200);
    assert.match(String(invite.headers['content-type']), /text\/html/);
    // A site on another origin reads the DSL with fetch.
    const fromSite = await server.inject({
      url: '/server/resources/dsl/domain-model.xml',
      headers: { origin: 'https://bank.example' },
    });
    assert.equal(fromSite.headers['access-control-allow-origin'], '*');
  });

  it('serve nothing outside the resource directory, however the path is spelled', async () => {
    for (const path of [
      '/server/resources/../secret.txt',
      '/server/resources/..%2fsecret.txt',
      '/server/resources/%2e%2e/secret.txt',
      '/server/resources/%2e%2e%2fsecret.txt',
      '/server/resources/..%5csecret.txt',
      '/server/resources/dsl/../../secret.txt',
      '/server/resources/%252e%252e%252fsecret.txt',
      '/server/api/resources/v1/..%2f..%2fsecret.txt',
      '/server/resources/.env',
      '/server/resources/',
      '/server/resources/dsl/',
    ]) {
      const response = await server.inject(path);
      assert.ok(
        response.statusCode >= 400 && response.statusCode < 500,
        `${path}: ${response.statusCode}`,
      );
      assert.doesNotMatch(response.body, /OUTSIDE|SECRET|domain-model/, path);
    }
  });

  it("take the gateway at GWE 8.1.2's path too", async () => {
    const v = visit();
    await server.inject({
      method: 'POST',
      url: '/server/data/events',
      payload: keyed({ events: [v.event('PageEntered')] }),
    });
    const offer = { type: 'chat', title: 'Hi', message: 'Chat?' };
    const unguarded = await server.inject({
      method: 'POST',
      url: '/backend/data/gateway/engage',
      payload: { visitID: v.ids.visitID, offer },
    });
    assert.equal(unguarded.statusCode, 401);
    const engaged = await server.inject({
      method: 'POST',
      url: '/backend/data/gateway/engage',
      headers: { authorization: 'Bearer operator' },
      payload: { visitID: v.ids.visitID, offer },
    });
    assert.equal(engaged.statusCode, 200, engaged.body);
    const withdrawn = await server.inject({
      method: 'POST',
      url: '/backend/data/gateway/noengage',
      headers: { authorization: 'Bearer operator' },
      payload: { engagementID: engaged.json().engagementID },
    });
    assert.equal(withdrawn.json().outcome, 'revoked');
  });
});
