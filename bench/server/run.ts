// The server under load, on loopback, each part against a fresh built server (PGlite, as `npm start`):
//  - ingest: autocannon posting batches of 1 and of 20 events (fresh eventIDs every request);
//  - streams: idle notification streams held by a separate load process, stepped up by 1,000, with
//    the server's RSS at each step, and notify fan-out latency while they are all open;
//  - soak: steady traffic (events, streams opening and closing, notifications) with the server's RSS
//    sampled throughout; the slope says whether memory climbs.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { openPglite, openPostgres } from '../../server/store/db.ts';
import { engagementServer } from '../../test/e2e/support/servers.ts';
import { latencySummary, round, slope } from '../stats.ts';
import { event, eventsBody, newVisitor, UNLIMITED, type Visitor } from './events.ts';
import { funnelBench } from './funnel.ts';
import { purgeBench } from './purge.ts';

const MB = 1024 * 1024;

/** Resident memory of a process, bytes (Linux). */
export function rss(pid: number | undefined) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) * 1024;
}

/** The bare route (bare.ts) in a process of its own: what the machine allows with this body. */
async function bareRoute() {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', new URL('./bare.ts', import.meta.url).pathname],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.once('data', (chunk) => resolve(String(chunk).trim()));
    child.once('exit', (code) => reject(new Error(`the bare route exited (${code})`)));
  });
  return { url, stop: () => child.kill() };
}

/** Events stored in the database now: PGlite's folder once its server stopped, or PostgreSQL. */
async function storedEvents(where: { dataDir: string } | { databaseUrl: string }) {
  const db =
    'databaseUrl' in where
      ? await openPostgres(where.databaseUrl)
      : await openPglite(where.dataDir);
  try {
    const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM events');
    return Number(rows[0]?.n ?? 0);
  } finally {
    await db.close();
  }
}

/** autocannon posting `batch` events a request (fresh eventIDs each) to `url` for `seconds`. */
export async function load(url: string, batch: number, seconds: number, connections = 16) {
  const visitors = Array.from({ length: 500 }, newVisitor);
  let next = 0;
  const result = await autocannon({
    url: `${url}/server/data/events`,
    method: 'POST',
    headers: { 'content-type': 'text/plain' },
    connections,
    duration: seconds,
    requests: [
      {
        setupRequest: (request) => {
          const visitor = visitors[next++ % visitors.length] as Visitor;
          const events = Array.from({ length: batch }, () => event(visitor));
          return { ...request, body: eventsBody([visitor], events) };
        },
      },
    ],
  });
  return {
    requestsPerSecond: round(result.requests.average),
    eventsPerSecond: round(result.requests.average * batch),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.non2xx,
    acknowledged: result['2xx'] * batch,
    /** Events in every request sent, answered or not when the run stopped. */
    sent: result.requests.sent * batch,
  };
}

/** Seconds of the same load before each measured run, unmeasured: the JIT and the pools warm up. */
const WARM_UP_SECONDS = 3;

/** `load` after a warm-up; what was acknowledged and sent counts both, for the rows stored. */
async function warmLoad(url: string, batch: number, seconds: number, connections = 16) {
  const warm = await load(url, batch, WARM_UP_SECONDS, connections);
  const run = await load(url, batch, seconds, connections);
  return {
    ...run,
    acknowledged: run.acknowledged + warm.acknowledged,
    sent: run.sent + warm.sent,
  };
}

/**
 * Beckon's ingest beside the bare route, the same load on each; then the rows Beckon stored
 * against the events it acknowledged and those sent: none lost (at least every acknowledged one),
 * none doubled (at most every one sent; those still in flight when the run stopped may be stored).
 */
async function ingest(batch: number, seconds: number, databaseUrl?: string) {
  const bare = await bareRoute();
  let baseline: Awaited<ReturnType<typeof load>>;
  try {
    baseline = await warmLoad(bare.url, batch, seconds);
  } finally {
    bare.stop();
  }
  const server = await engagementServer({
    LOG_LEVEL: 'error',
    ...UNLIMITED,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  });
  try {
    const before = databaseUrl ? await storedEvents({ databaseUrl }) : 0;
    const beckon = await warmLoad(server.url, batch, seconds);
    await server.stop();
    const stored =
      (databaseUrl ? await storedEvents({ databaseUrl }) : await storedEvents(server)) - before;
    return {
      database: databaseUrl ? 'PostgreSQL' : 'PGlite',
      batch,
      ...beckon,
      stored,
      bare: {
        eventsPerSecond: baseline.eventsPerSecond,
        requestsPerSecond: baseline.requestsPerSecond,
        p99Ms: baseline.p99Ms,
      },
    };
  } finally {
    await server.dispose();
  }
}

/**
 * The same load (16 connections) split over two nodes on one PostgreSQL server, 8 each: what a
 * second node adds on this machine. Rows counted afterwards as for one node.
 */
async function ingestTwoNodes(batch: number, seconds: number, databaseUrl: string) {
  const env = { LOG_LEVEL: 'error', ...UNLIMITED, DATABASE_URL: databaseUrl };
  const nodes = [await engagementServer(env), await engagementServer(env)];
  try {
    const before = await storedEvents({ databaseUrl });
    const runs = await Promise.all(nodes.map((node) => warmLoad(node.url, batch, seconds, 8)));
    const stored = (await storedEvents({ databaseUrl })) - before;
    const sum = (
      key: 'eventsPerSecond' | 'requestsPerSecond' | 'errors' | 'acknowledged' | 'sent',
    ) => runs.reduce((total, run) => total + run[key], 0);
    return {
      database: 'PostgreSQL, 2 nodes',
      batch,
      requestsPerSecond: round(sum('requestsPerSecond')),
      eventsPerSecond: round(sum('eventsPerSecond')),
      p50Ms: Math.max(...runs.map((run) => run.p50Ms)),
      p99Ms: Math.max(...runs.map((run) => run.p99Ms)),
      errors: sum('errors'),
      acknowledged: sum('acknowledged'),
      sent: sum('sent'),
      stored,
      // The bare route's figures stand in the one-node rows.
      bare: undefined,
    };
  } finally {
    for (const node of nodes) await node.dispose();
  }
}

/** The stream load process, answering one order at a time; `notifier` takes its notify calls. */
function loadProcess(engine: string, notifier = engine) {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', new URL('./streams.ts', import.meta.url).pathname, engine, notifier],
    { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  );
  const ask = <T>(order: object) =>
    new Promise<T>((resolve, reject) => {
      child.once('message', (answer: T & { error?: string }) =>
        answer.error ? reject(new Error(answer.error)) : resolve(answer),
      );
      child.send(order);
    });
  const ready = new Promise<void>((resolve) => child.once('message', () => resolve()));
  return { ready, ask, stop: () => child.send({ stop: true }) };
}

async function streams(max: number, log: (line: string) => void) {
  const server = await engagementServer({ LOG_LEVEL: 'error', ...UNLIMITED });
  const load = loadProcess(server.url);
  try {
    await load.ready;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const baseline = rss(server.pid);
    const steps: Array<{ streams: number; rssMB: number }> = [
      { streams: 0, rssMB: round(baseline / MB, 1) },
    ];
    for (let n = 1000; n <= max; n += 1000) {
      await load.ask({ open: n });
      await new Promise((resolve) => setTimeout(resolve, 1000));
      steps.push({ streams: n, rssMB: round(rss(server.pid) / MB, 1) });
      log(`streams: ${n} open, server RSS ${steps.at(-1)?.rssMB} MB`);
    }
    const { fanoutMs } = await load.ask<{ fanoutMs: number[] }>({ fanout: 500 });
    // PGlite's start-up heap is still being given back at 0 streams: the cost per 1,000 is the
    // slope over the steps that hold streams.
    const held = steps.filter((step) => step.streams > 0);
    return {
      held: held.at(-1)?.streams ?? 0,
      rssMBPer1000: round(slope(held.map((step) => [step.streams / 1000, step.rssMB] as const)), 2),
      steps,
      fanoutWhileOpen: latencySummary(fanoutMs),
    };
  } finally {
    load.stop();
    await server.dispose();
  }
}

/**
 * Notify fan-out on PostgreSQL, one node and two: `streams` streams held on node A; notify calls
 * to A, then to B (the message crosses nodes through the database). One after another for the
 * latency, then 16 at a time for the rate of messages delivered.
 */
async function fanoutAcrossNodes(streams: number, databaseUrl: string) {
  const env = { LOG_LEVEL: 'error', ...UNLIMITED, DATABASE_URL: databaseUrl };
  const nodes = [await engagementServer(env), await engagementServer(env)];
  const [a, b] = nodes as [(typeof nodes)[0], (typeof nodes)[0]];
  try {
    const figures = [];
    for (const [label, notifier] of [
      ['1 node', a.url],
      ['2 nodes: streams on A, notify on B', b.url],
    ] as const) {
      const load = loadProcess(a.url, notifier);
      try {
        await load.ready;
        await load.ask({ open: streams });
        type Fanout = { fanoutMs: number[]; seconds: number };
        const oneByOne = await load.ask<Fanout>({ fanout: 500 });
        const burst = await load.ask<Fanout>({ fanout: 2000, at: 16 });
        figures.push({
          nodes: label,
          streams,
          latency: latencySummary(oneByOne.fanoutMs),
          burst: {
            messagesPerSecond: round(burst.fanoutMs.length / burst.seconds),
            ...latencySummary(burst.fanoutMs),
          },
        });
      } finally {
        load.stop();
      }
    }
    return figures;
  } finally {
    for (const node of nodes) await node.dispose();
  }
}

async function soak(seconds: number, log: (line: string) => void) {
  const server = await engagementServer({ LOG_LEVEL: 'error', ...UNLIMITED });
  const load = loadProcess(server.url);
  const started = Date.now();
  const samples: Array<[number, number]> = [];
  const sampler = setInterval(() => {
    samples.push([(Date.now() - started) / 60_000, rss(server.pid) / MB]);
  }, 5000);
  try {
    await load.ready;
    await load.ask({ open: 200 });
    // Events at a steady rate, and every 10 s 20 streams closed and 20 opened, and 50 notifications.
    const visitors = Array.from({ length: 2000 }, newVisitor);
    let next = 0;
    const traffic = autocannon({
      url: `${server.url}/server/data/events`,
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      connections: 4,
      overallRate: 100,
      duration: seconds,
      requests: [
        {
          setupRequest: (request) => {
            const visitor = visitors[next++ % visitors.length] as Visitor;
            return {
              ...request,
              body: eventsBody([visitor], [event(visitor), event(visitor)]),
            };
          },
        },
      ],
    });
    while (Date.now() - started < seconds * 1000) {
      await new Promise((resolve) => setTimeout(resolve, 10_000));
      await load.ask({ churn: 20 });
      await load.ask({ fanout: 50 });
      log(
        `soak: ${Math.round((Date.now() - started) / 1000)} s, RSS ${round(samples.at(-1)?.[1] ?? 0, 1)} MB`,
      );
    }
    const result = await traffic;
    // The first minute is warm-up (JIT, caches, pools); the slope is taken over the rest.
    const steady = samples.filter(([minute]) => minute >= Math.min(1, seconds / 120));
    return {
      seconds,
      requests: result.requests.total,
      errors: result.errors + result.non2xx,
      streams: 200,
      rssStartMB: round(samples[0]?.[1] ?? NaN, 1),
      rssEndMB: round(samples.at(-1)?.[1] ?? NaN, 1),
      rssSlopeMBPerMinute: round(slope(steady), 2),
      samples: samples.map(([minute, mb]) => [round(minute, 2), round(mb, 1)]),
    };
  } finally {
    clearInterval(sampler);
    load.stop();
    await server.dispose();
  }
}

export async function serverBench(
  options: {
    ingestSeconds: number;
    streams: number;
    soakSeconds: number;
    /** Also measure ingest against this PostgreSQL server (the default is PGlite only). */
    databaseUrl?: string | undefined;
  },
  log: (line: string) => void,
) {
  const figures = [];
  for (const databaseUrl of [undefined, options.databaseUrl])
    for (const batch of [1, 20]) {
      if (databaseUrl === undefined && figures.length >= 2) continue;
      const figure = await ingest(batch, options.ingestSeconds, databaseUrl);
      figures.push(figure);
      log(
        `ingest: ${figure.database}, batch ${batch}, ${figure.eventsPerSecond} events/s (bare route ${figure.bare.eventsPerSecond}), p99 ${figure.p99Ms} ms, ${figure.stored} stored of ${figure.acknowledged} acknowledged`,
      );
    }
  if (options.databaseUrl)
    for (const batch of [1, 20]) {
      const figure = await ingestTwoNodes(batch, options.ingestSeconds, options.databaseUrl);
      figures.push(figure);
      log(
        `ingest: ${figure.database}, batch ${batch}, ${figure.eventsPerSecond} events/s, p99 ${figure.p99Ms} ms, ${figure.stored} stored of ${figure.acknowledged} acknowledged`,
      );
    }
  const fanout = options.databaseUrl
    ? await fanoutAcrossNodes(Math.min(options.streams, 2000), options.databaseUrl)
    : undefined;
  for (const f of fanout ?? [])
    log(
      `fan-out: ${f.nodes}, p50 ${f.latency.p50Ms} ms, p99 ${f.latency.p99Ms} ms; 16 at a time ${f.burst.messagesPerSecond} messages/s`,
    );
  const purge = options.databaseUrl
    ? await purgeBench(options.databaseUrl, options.ingestSeconds, load, log)
    : undefined;
  const funnel = await funnelBench(options.databaseUrl, log);
  const held = await streams(options.streams, log);
  const soaked = await soak(options.soakSeconds, log);
  return { ingest: figures, fanout, purge, funnel, streams: held, soak: soaked };
}
