import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import parsePrometheus from 'parse-prometheus-text-format';
import { app, closeDatabases, injectForm, keyed, visit } from './helpers.ts';
import { readEvents } from './sse.ts';

// `GET /metrics` read as Prometheus reads it (a text-format parser, not our own): a scripted
// session moves each counter by exactly what it did.

after(closeDatabases);

async function scrape(server: FastifyInstance) {
  const response = await server.inject({ url: '/metrics' });
  assert.equal(response.statusCode, 200);
  assert.match(String(response.headers['content-type']), /^text\/plain; version=0\.0\.4/);
  const families = parsePrometheus(response.body);
  /** The sample of `name` whose labels include `labels`: its value, or a histogram's count. */
  return (name: string, labels: Record<string, string> = {}) => {
    const family = families.find((f) => f.name === name);
    // The parser drops a histogram's labels: its `_count` line is read as the format writes it.
    if (family?.type === 'HISTOGRAM') {
      const line = response.body
        .split('\n')
        .find(
          (text) =>
            text.startsWith(`${name}_count`) &&
            Object.entries(labels).every(([key, value]) => text.includes(`${key}="${value}"`)),
        );
      return Number(line?.split(' ').at(-1) ?? 0);
    }
    const sample = family?.metrics.find((m) =>
      Object.entries(labels).every(([key, value]) => m.labels?.[key] === value),
    );
    return Number(sample?.value ?? sample?.count ?? 0);
  };
}

describe('metrics', () => {
  it('count exactly what a scripted session did, in Prometheus text format', async () => {
    const server = await app();
    await server.listen({ port: 0, host: '127.0.0.1' });
    try {
      const before = await scrape(server);
      const v = visit();
      const batch = keyed({
        events: [v.event('PageEntered'), v.event('Search'), v.event('Scroll')],
      });
      const post = (payload: object) =>
        server.inject({ method: 'POST', url: '/server/data/events', payload });
      assert.equal((await post(batch)).statusCode, 200);
      assert.equal((await post(batch)).statusCode, 200);
      const broken = keyed({ events: [v.event('Ok'), { ...v.event('Bad'), eventID: 'nope' }] });
      assert.equal((await post(broken)).statusCode, 400);

      const address = server.server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      const stream = readEvents(
        await fetch(`http://127.0.0.1:${port}/server/notifications/${v.ids.visitID}`, {
          headers: { authorization: `Bearer ${v.key}` },
        }),
      );
      await stream.until(() => stream.comments() > 0);
      // The Search above met the rule lamp-search, which offered; the gateway's two offers wait.
      for (let n = 0; n < 2; n++) {
        const engaged = await server.inject({
          method: 'POST',
          url: '/server/data/gateway/engage',
          payload: { visitID: v.ids.visitID, offer: { type: 'chat', title: 'Help?', message: '' } },
        });
        assert.equal(engaged.json().reason, 'engagement_in_progress');
      }
      // The rule's invitation came before the stream opened: a replay. This one is delivered live.
      await stream.until(() => stream.events.length > 0);
      const notify = await server.inject({
        method: 'POST',
        url: `/server/data/notification/notify/${v.ids.visitID}`,
        payload: [{ channel: 'beckon.message', data: { text: 'Hello' } }],
      });
      assert.equal(notify.statusCode, 200);
      await stream.until(() => stream.events.length > 1);
      const chat = await injectForm(server, '/genesys/2/chat/customer-support', {
        firstName: 'Ada',
        lastName: 'Lovelace',
        'userData[visitID]': v.ids.visitID,
      });
      assert.equal(chat.statusCode, 200);

      const now = await scrape(server);
      const moved = (name: string, labels?: Record<string, string>) =>
        now(name, labels) - before(name, labels);
      assert.equal(moved('beckon_ingest_events_total', { outcome: 'accepted' }), 3);
      assert.equal(moved('beckon_ingest_events_total', { outcome: 'duplicate' }), 3);
      assert.equal(moved('beckon_ingest_events_total', { outcome: 'refused' }), 2);
      assert.equal(
        moved('beckon_engagement_outcomes_total', { source: 'lamp-search', outcome: 'offered' }),
        1,
      );
      assert.equal(
        moved('beckon_engagement_outcomes_total', {
          source: 'gateway',
          outcome: 'blocked',
          reason: 'engagement_in_progress',
        }),
        2,
      );
      assert.equal(now('beckon_streams_open', { stream: 'visitor' }), 1);
      assert.equal(moved('beckon_notification_delivery_seconds'), 1);
      assert.equal(moved('beckon_gms_chats', { state: 'waiting' }), 1);
      assert.equal(
        moved('beckon_http_request_duration_seconds', {
          route: '/server/data/events',
          status_code: '200',
        }),
        2,
      );
      assert.ok(now('process_cpu_user_seconds_total') > 0, 'the process metrics are there');
      assert.ok(now('beckon_database_connections', { state: 'total' }) >= 1);
      await stream.cancel();
    } finally {
      await server.close();
    }
  });

  it('are what the Grafana dashboard (deploy/) reads: every metric it names is exposed', async () => {
    const server = await app();
    try {
      const exposed = new Set(
        (await server.inject({ url: '/metrics' })).body
          .split('\n')
          .filter((line) => line.startsWith('# TYPE '))
          .map((line) => line.split(' ')[2]),
      );
      const dashboard = await readFile(
        new URL('../../deploy/grafana-dashboard.json', import.meta.url),
        'utf8',
      );
      const named = new Set(
        [...dashboard.matchAll(/\b((?:beckon|process|nodejs)_[a-z0-9_]+)/g)].map((match) =>
          (match[1] as string).replace(/_(bucket|count|sum)$/, ''),
        ),
      );
      assert.ok(named.size >= 10);
      for (const name of named)
        assert.ok(exposed.has(name), `${name} is on the dashboard but not exposed`);
    } finally {
      await server.close();
    }
  });

  it('are for operators: a caller without the operator credential gets 401', async () => {
    const server = await app({ trustLoopback: false, notifyToken: 'operator-secret' });
    try {
      assert.equal((await server.inject({ url: '/metrics' })).statusCode, 401);
      const allowed = await server.inject({
        url: '/metrics',
        headers: { authorization: 'Bearer operator-secret' },
      });
      assert.equal(allowed.statusCode, 200);
    } finally {
      await server.close();
    }
  });
});
