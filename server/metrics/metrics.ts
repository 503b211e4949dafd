import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Db } from '../store/db.ts';

/**
 * What the server tells Prometheus (`GET /metrics`, routes.ts), one registry per server (tests
 * build many): requests by route, ingest, streams, notification delivery, engagement outcomes by
 * rule, GMS chats by state, the database's connections and errors, and the process's own
 * (prom-client's defaults, under their usual names). Names follow Prometheus' conventions.
 */
export function createMetrics(db: Db) {
  const registry = new Registry();
  const registers = [registry];
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    requestDuration: new Histogram({
      name: 'beckon_http_request_duration_seconds',
      help: 'Time to answer a request, by method, route (its pattern) and status code',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
    ingestEvents: new Counter({
      name: 'beckon_ingest_events_total',
      help: 'Events the tracker sent: accepted (stored), duplicate (stored before), refused (their batch was: invalid, a wrong visit key)',
      labelNames: ['outcome'],
      registers,
    }),
    streamsOpen: new Gauge({
      name: 'beckon_streams_open',
      help: "Server-Sent Events streams open on this node, by route class: visitor (a visit's notifications) or agent (the agents' changes)",
      labelNames: ['stream'],
      registers,
    }),
    notificationDelivery: new Histogram({
      name: 'beckon_notification_delivery_seconds',
      help: "From a notification's publishing (notify, a rule's offer, an inbox reply) to its writing on the visit's stream",
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    engagementOutcomes: new Counter({
      name: 'beckon_engagement_outcomes_total',
      help: 'Offers by source (the rule, or the gateway) and what became of them: offered, blocked (with the reason), shown, accepted, rejected, timed out, revoked, dropped',
      labelNames: ['source', 'outcome', 'reason'],
      registers,
    }),
    databaseErrors: new Counter({
      name: 'beckon_database_errors_total',
      help: 'Requests the database failed: away (down, cut, too slow: answered 503) or refused (a value it cannot store: answered 400)',
      labelNames: ['kind'],
      registers,
    }),
    gmsChats: new Gauge({
      name: 'beckon_gms_chats',
      help: 'GMS chats by state: waiting for an agent, connected, ended (read from the database at each scrape)',
      labelNames: ['state'],
      registers,
      async collect() {
        this.reset();
        // The database away: the scrape goes on without this gauge, and the errors say why.
        const rows = await db
          .query<{ state: string; n: number }>(
            'SELECT state, count(*)::int AS n FROM gms_chats GROUP BY state',
          )
          .then((result) => result.rows)
          .catch(() => []);
        for (const { state, n } of rows) this.set({ state }, n);
      },
    }),
    databaseConnections: new Gauge({
      name: 'beckon_database_connections',
      help: "The database pool's connections: total, idle, and queries waiting for one",
      labelNames: ['state'],
      registers,
      collect() {
        const pool = db.pool();
        for (const [state, n] of Object.entries(pool)) this.set({ state }, n);
      },
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
