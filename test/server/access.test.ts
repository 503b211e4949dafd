import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import Fastify from 'fastify';
import { createAccess } from '../../server/auth/access.ts';
import { classifyRoutes, ROUTE_CLASSES, type RouteClass } from '../../server/auth/route-classes.ts';
import { projectRoot } from '../../server/settings.ts';
import { app, bearer, closeDatabases, id, keyed, keyOf, visit } from './helpers.ts';

after(closeDatabases);

const AGENT = 'agent-token-for-tests';
const OPERATOR = 'operator-token-for-tests';

/** A concrete request for a table entry: its params filled with IDs of the right shape. */
function requestFor(key: string, visitID: string) {
  const [method, pattern] = key.split(' ') as [string, string];
  const url = pattern
    .replace(':visitID', visitID)
    .replace(':service', pattern.includes('/chat/') ? 'customer-support' : 'callback')
    .replace(':chatId', id())
    .replace(':callbackId', id().toLowerCase())
    .replace(':id', id().toLowerCase())
    .replace(':op', 'refresh')
    .replace('*', 'index.html');
  return { method: method as 'GET', url };
}

const entries = (routeClass: RouteClass) =>
  Object.keys(ROUTE_CLASSES).filter((key) => ROUTE_CLASSES[key] === routeClass);

describe('route classes', () => {
  let server: FastifyInstance;
  before(async () => {
    server = await app({
      agentToken: AGENT,
      notifyToken: OPERATOR,
      trustLoopback: false,
      root: projectRoot(),
      inbox: {
        baseUrl: 'http://127.0.0.1:9',
        accessToken: 'channel',
        duplicateWindowMs: 0,
        keepPersonalData: true,
      },
    });
    await server.ready();
  });
  after(() => server.close());

  it('refuse to register a route that is in no class', () => {
    const bare = Fastify();
    classifyRoutes(
      bare,
      createAccess({
        agentToken: AGENT,
        operatorToken: OPERATOR,
        trustLoopback: false,
        trustProxy: false,
      }),
    );
    assert.throws(() => bare.get('/server/data/everything', async () => ({})), /in no class/);
  });

  it('name only routes the server has', () => {
    for (const key of Object.keys(ROUTE_CLASSES)) {
      const [method, url] = key.split(' ') as [string, string];
      if (method === 'OPTIONS') continue;
      assert.ok(server.hasRoute({ method: method as 'GET', url }), `${key} is not a route`);
    }
  });

  for (const routeClass of ['agent', 'operator'] as const) {
    it(`keep every ${routeClass} route shut without its token, with a wrong one, and from another origin`, async () => {
      const token = routeClass === 'agent' ? AGENT : OPERATOR;
      for (const key of entries(routeClass)) {
        const request = requestFor(key, id());
        const none = await server.inject(request);
        assert.equal(none.statusCode, 401, `${key} without a token`);
        assert.equal(none.json().field, 'authorization');
        const wrong = await server.inject({
          ...request,
          headers: { authorization: `Bearer ${token}x` },
        });
        assert.equal(wrong.statusCode, 401, `${key} with a wrong token`);
        // A visit key is no agent's or operator's token.
        const v = visit();
        const visitor = await server.inject({ ...request, headers: bearer(v.ids.visitID) });
        assert.equal(visitor.statusCode, 401, `${key} with a visit key`);
        const foreign = await server.inject({
          ...request,
          headers: { authorization: `Bearer ${token}`, origin: 'https://evil.example' },
        });
        assert.equal(foreign.statusCode, 403, `${key} from another origin`);
        // As a stream: the agents' event stream answers, then stays open.
        const right = await server.inject({
          ...request,
          headers: { authorization: `Bearer ${token}` },
          payloadAsStream: true,
        });
        right.stream().destroy();
        assert.ok(![401, 403].includes(right.statusCode), `${key} with its token`);
      }
    });
  }

  it("let agents' routes take the operator's token too, but not the other way round", async () => {
    const queue = await server.inject({
      url: '/server/agent/queue',
      headers: { authorization: `Bearer ${OPERATOR}` },
    });
    assert.equal(queue.statusCode, 200);
    const stats = await server.inject({
      url: '/server/data/engagements/stats',
      headers: { authorization: `Bearer ${AGENT}` },
    });
    assert.equal(stats.statusCode, 401);
  });

  it("open a visit's routes to its own key only: none, a wrong one and another visit's are refused", async () => {
    const mine = visit();
    const theirs = visit();
    for (const v of [mine, theirs]) {
      const created = await server.inject({
        method: 'POST',
        url: '/server/data/events',
        payload: keyed({ events: [v.event('PageEntered')] }),
      });
      assert.equal(created.statusCode, 200);
    }
    const visitID = mine.ids.visitID;
    const named = [
      { method: 'GET' as const, url: `/server/notifications/${visitID}` },
      { method: 'GET' as const, url: `/server/data/visits/${visitID}` },
      { method: 'GET' as const, url: `/server/data/visits/${visitID}/engagements` },
      {
        method: 'POST' as const,
        url: '/server/inbox/messages',
        payload: {
          clientMessageId: `m-${id().slice(-12)}`,
          ...mine.ids,
          name: 'Ada',
          text: 'Hello',
          url: 'https://shop.example/',
        },
      },
    ];
    const credentials: Array<[string, Record<string, string>]> = [
      ['no key', {}],
      ['a wrong key', { authorization: `Bearer ${id()}` }],
      ["another visit's key", bearer(theirs.ids.visitID)],
      ['the key in another scheme', { authorization: `Basic ${keyOf(visitID)}` }],
      ['the visitID itself', { authorization: `Bearer ${visitID}` }],
    ];
    for (const request of named)
      for (const [what, headers] of credentials) {
        const response = await server.inject({ ...request, headers });
        assert.equal(response.statusCode, 401, `${request.method} ${request.url} with ${what}`);
        assert.equal(response.json().error, 'invalid_visit_key');
      }
    // And its own key opens the journey (the stream is tried over HTTP in notify.test.ts).
    const report = await server.inject({
      url: `/server/data/visits/${visitID}`,
      headers: bearer(visitID),
    });
    assert.equal(report.statusCode, 200);
    assert.equal(report.json().visitID, visitID);
  });

  it("refuse an existing visit's events without its key, and store none of the batch", async () => {
    const v = visit();
    const first = await server.inject({
      method: 'POST',
      url: '/server/data/events',
      payload: keyed({ events: [v.event('PageEntered')] }),
    });
    assert.equal(first.statusCode, 200);
    const stranger = visit();
    for (const keys of [{}, { [v.ids.visitID]: id() }]) {
      const event = v.event('UserInfo', { data: { email: 'mallory@example.com' } });
      const refused = await server.inject({
        method: 'POST',
        url: '/server/data/events',
        payload: {
          events: [stranger.event('PageEntered'), event],
          keys: { ...keyed({ events: [stranger.event('X')] }).keys, ...keys },
        },
      });
      assert.equal(refused.statusCode, 401);
      assert.deepEqual(refused.json().visits, [v.ids.visitID]);
      assert.equal(refused.json().field, `keys.${v.ids.visitID}`);
    }
    // Nothing of either refused batch was stored, not even the stranger's visit.
    const strangers = await server.inject({
      url: `/server/data/visits/${stranger.ids.visitID}`,
      headers: bearer(stranger.ids.visitID),
    });
    assert.equal(strangers.statusCode, 401);
    const report = await server.inject({
      url: `/server/data/visits/${v.ids.visitID}`,
      headers: bearer(v.ids.visitID),
    });
    assert.deepEqual(
      report.json().events.map((e: { eventName: string }) => e.eventName),
      ['PageEntered'],
    );
  });

  it('refuse events naming another browser than the one the visit began in', async () => {
    const v = visit();
    await server.inject({
      method: 'POST',
      url: '/server/data/events',
      payload: keyed({ events: [v.event('PageEntered')] }),
    });
    const forged = await server.inject({
      method: 'POST',
      url: '/server/data/events',
      payload: keyed({ events: [v.event('Search', { globalVisitID: id() })] }),
    });
    assert.equal(forged.statusCode, 401);
  });

  it('answer cross-origin preflights on visitor routes only, with DELETE where the widgets need it', async () => {
    const preflight = (url: string, method: string) =>
      server.inject({
        method: 'OPTIONS',
        url,
        headers: {
          origin: 'https://shop.example',
          'access-control-request-method': method,
          'access-control-request-headers': 'authorization,content-type',
        },
      });
    const cancel = await preflight('/genesys/1/service/callback/callback/abc', 'DELETE');
    assert.equal(cancel.headers['access-control-allow-origin'], '*');
    assert.match(String(cancel.headers['access-control-allow-methods']), /DELETE/);
    const stream = await preflight(`/server/notifications/${id()}`, 'GET');
    assert.match(String(stream.headers['access-control-allow-headers']), /authorization/);
    for (const key of [...entries('agent'), ...entries('operator')]) {
      const { method, url } = requestFor(key, id());
      const response = await preflight(url, method);
      assert.equal(response.headers['access-control-allow-origin'], undefined, key);
    }
  });

  it('send security headers with every page, the agent console included', async () => {
    for (const url of ['/', '/agent/', '/strict.html', '/server/agent/queue']) {
      const response = await server.inject({ url });
      const csp = String(response.headers['content-security-policy']);
      assert.match(csp, /default-src 'self'/, url);
      assert.doesNotMatch(csp, /unsafe-inline/, url);
      assert.equal(response.headers['x-content-type-options'], 'nosniff', url);
    }
    // beckon.js loads on the site's pages, which are another origin.
    const script = await server.inject({ url: '/beckon.js' });
    assert.equal(script.headers['cross-origin-resource-policy'], 'cross-origin');
  });

  it("allow a served page's own inline scripts by hash, and only on that page", async () => {
    const bank = await server.inject({ url: '/gwe-bank/' });
    const inline = [...bank.body.matchAll(/<script type="text\/javascript">([\s\S]*?)<\/script>/g)];
    assert.equal(inline.length, 1);
    const hash = createHash('sha256')
      .update(inline[0]?.[1] ?? '')
      .digest('base64');
    for (const url of ['/gwe-bank/', '/gwe-bank/index.html', '/gwe-bank/?from=mail']) {
      const csp = String((await server.inject({ url })).headers['content-security-policy']);
      assert.match(
        csp,
        new RegExp(`script-src 'self' 'sha256-${hash.replace(/[+/]/g, '\\$&')}'`),
        url,
      );
      assert.doesNotMatch(csp, /unsafe-inline/, url);
    }
    for (const url of ['/', '/strict.html', '/gwe-bank/bank.css'])
      assert.doesNotMatch(
        String((await server.inject({ url })).headers['content-security-policy']),
        /sha256/,
        url,
      );
  });
});

describe('rate limits', () => {
  let server: FastifyInstance;
  before(async () => {
    server = await app({ rateLimits: { perAddress: 8, perVisit: 4 } });
  });
  after(() => server.close());

  it('answer 429 with Retry-After past the limit per visit, and leave other visits alone', async () => {
    const v = visit();
    const post = (payload: object, remoteAddress = '198.51.100.7') =>
      server.inject({ method: 'POST', url: '/server/data/events', payload, remoteAddress });
    const codes: number[] = [];
    for (let n = 0; n < 6; n++)
      codes.push((await post(keyed({ events: [v.event('X')] }))).statusCode);
    assert.deepEqual(codes, [200, 200, 200, 200, 429, 429]);
    const limited = await post(keyed({ events: [v.event('X')] }));
    assert.ok(Number(limited.headers['retry-after']) > 0);
    assert.equal(limited.json().error, 'rate_limited');
    const other = visit();
    assert.equal((await post(keyed({ events: [other.event('X')] }))).statusCode, 200);
  });

  it('answer 429 past the limit per address, whatever visits the requests name', async () => {
    const codes: number[] = [];
    for (let n = 0; n < 10; n++) {
      const v = visit();
      const response = await server.inject({
        method: 'POST',
        url: '/server/data/events',
        payload: keyed({ events: [v.event('X')] }),
        remoteAddress: '203.0.113.50',
      });
      codes.push(response.statusCode);
    }
    assert.deepEqual(codes.slice(-2), [429, 429]);
    assert.equal(codes.filter((code) => code === 200).length, 8);
  });
});
