import { type ChildProcess, spawn } from 'node:child_process';
import pg from 'pg';
import { projectRoot } from '../../server/settings.ts';
import { freePort } from '../e2e/support/servers.ts';
import { keyed, visit } from '../server/helpers.ts';
import { type FaultProxy, faultProxy } from '../support/fault-proxy.ts';

// The server (server/main.ts, as `npm start` runs it) against PostgreSQL through a fault proxy,
// under eight callers sending batches as the tracker does (the same batch again until it is
// acknowledged, waiting out Retry-After) and a stream of notifications to one visit. Each fault
// is injected, held, healed; what the callers and the stream saw is counted.

/** What one fault did to the callers, the stream and the process. */
export interface FaultRow {
  fault: string;
  requests: number;
  /** The process ended (it must not). */
  exits: number;
  /** 5xx answers other than 503, and requests that got no answer. */
  errors: number;
  /** Answers that took over a second, and the slowest answer. */
  hangs: number;
  slowestMs: number;
  refusals: number;
  /** From the heal to the first batch stored again; null if it never was. */
  recoveryMs: number | null;
}

export interface FaultReport {
  rows: FaultRow[];
  /** Acknowledged events not in the database, and events stored more than once. */
  lost: number;
  doubled: number;
  acknowledged: number;
  /** Notifications the server accepted that never reached the visit's stream. */
  streamLost: number;
  notified: number;
  /** SIGTERM under the same load: how long the stop took and how the process ended. */
  stop: { ms: number; code: number | null };
}

interface Fault {
  name: string;
  inject(proxy: FaultProxy): void;
  heal(proxy: FaultProxy): void;
  /** How long it is held, as a share of the suite's hold time (0: a moment, as a cut). */
  hold: number;
}

export const FAULTS: readonly Fault[] = [
  {
    name: 'every connection cut (a restart, a failover)',
    inject: (p) => p.cut(),
    heal: () => {},
    hold: 0,
  },
  {
    name: 'down: new connections refused',
    inject: (p) => p.refuse(true),
    heal: (p) => p.refuse(false),
    hold: 1,
  },
  {
    name: 'stalled: nothing passes',
    inject: (p) => p.stall(true),
    heal: (p) => p.stall(false),
    hold: 1,
  },
  {
    name: 'slow: each packet 150 ms late',
    inject: (p) => p.slow(150),
    heal: (p) => p.slow(0),
    hold: 1,
  },
];

const HANG_MS = 1000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runFaults(options: {
  databaseUrl: string;
  /** How long each fault is held. */
  holdMs: number;
  log?: (line: string) => void;
}): Promise<FaultReport> {
  const log = options.log ?? (() => {});
  const target = new URL(options.databaseUrl);
  const proxy = await faultProxy({ host: target.hostname, port: Number(target.port || 5432) });
  const proxied = new URL(options.databaseUrl);
  proxied.hostname = '127.0.0.1';
  proxied.port = String(proxy.port);
  // The first fault is there before the server: it starts while the database is down.
  proxy.refuse(true);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let exits = 0;
  let output = '';
  const server: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: projectRoot(),
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: proxied.href,
      BECKON_INBOX: 'off',
      BECKON_TRUST_LOOPBACK: '1',
      BECKON_RATE_LIMIT_ADDRESS: '1000000',
      BECKON_RATE_LIMIT_VISIT: '1000000',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout?.on('data', (chunk) => (output += chunk));
  server.stderr?.on('data', (chunk) => (output += chunk));
  const ended = new Promise<number | null>((resolve) =>
    server.on('exit', (code) => {
      exits++;
      resolve(code);
    }),
  );

  const db = new pg.Client({ connectionString: options.databaseUrl });
  try {
    // Started while the database is down: alive, refusing with 503, serving once it is back.
    const start = blankRow('started while the database is down');
    const startup = (async () => {
      for (let waited = 0; ; waited += 100) {
        const live = await fetch(`${base}/server/health/live`).catch(() => null);
        if (live?.ok) break;
        if (waited > 30_000 || exits) throw new Error(`the server did not start:\n${output}`);
        await sleep(100);
      }
      const until = performance.now() + options.holdMs;
      while (performance.now() < until) {
        start.requests++;
        const asked = performance.now();
        const refused = await fetch(`${base}/server/data/events`, { method: 'POST', body: '{}' });
        start.slowestMs = Math.max(start.slowestMs, Math.round(performance.now() - asked));
        if (refused.status !== 503 || refused.headers.get('retry-after') === null) start.errors++;
        else start.refusals++;
        await refused.body?.cancel();
        await sleep(200);
      }
    })();
    await startup;
    proxy.refuse(false);
    const healed = performance.now();
    for (;;) {
      const ready = await fetch(`${base}/server/health/ready`).catch(() => null);
      if (ready?.ok) break;
      if (performance.now() - healed > 30_000 || exits)
        throw new Error(`the server did not get ready:\n${output}`);
      await sleep(20);
    }
    start.recoveryMs = Math.round(performance.now() - healed);
    start.exits = exits;
    await db.connect();

    // What the callers see, counted into the row of the fault under way.
    let row: FaultRow = blankRow('(warming up)');
    const rows: FaultRow[] = [start];
    const acknowledged = new Set<string>();
    const sentIds = new Set<string>();
    let lastStored = 0;
    const post = async (body: unknown) => {
      const started = performance.now();
      row.requests++;
      const response = await fetch(`${base}/server/data/events`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      }).catch(() => null);
      const took = performance.now() - started;
      if (took > HANG_MS) row.hangs++;
      row.slowestMs = Math.max(row.slowestMs, Math.round(took));
      if (!response) row.errors++;
      else if (response.status === 503) row.refusals++;
      else if (response.status >= 500) row.errors++;
      if (response?.ok) lastStored = performance.now();
      return response;
    };
    let running = true;
    const callers = Array.from({ length: 8 }, async () => {
      const v = visit();
      for (let n = 0; running; n++) {
        const events = [v.event(n === 0 ? 'PageEntered' : 'Search'), v.event('Scroll')];
        for (const event of events) sentIds.add(event.eventID);
        const body = keyed({ events });
        // The tracker's way: the same batch until it is acknowledged, Retry-After waited out.
        while (running) {
          const response = await post(body);
          if (response?.ok) {
            for (const id of (await response.json()).accepted as string[]) acknowledged.add(id);
            break;
          }
          const wait = Number(response?.headers.get('retry-after') ?? 1);
          await response?.body?.cancel();
          await sleep(Math.min(wait, 2) * 1000);
        }
        await sleep(50);
      }
    });
    // A probe stores a batch every 100 ms: when the server serves again, to the tenth of a second.
    const probe = (async () => {
      const v = visit();
      for (let n = 0; running; n++) {
        const events = [v.event(n === 0 ? 'PageEntered' : 'Probe')];
        for (const event of events) sentIds.add(event.eventID);
        const response = await post(keyed({ events }));
        if (response?.ok)
          for (const id of (await response.json()).accepted as string[]) acknowledged.add(id);
        else await response?.body?.cancel();
        await sleep(100);
      }
    })();

    let streaming = true;
    const stream = await watchStream(base, post, () => streaming);
    await sleep(1000);

    for (const fault of FAULTS) {
      row = blankRow(fault.name);
      rows.push(row);
      const exitsBefore = exits;
      log(`fault: ${fault.name}`);
      fault.inject(proxy);
      await sleep(fault.hold * options.holdMs);
      fault.heal(proxy);
      const healed = performance.now();
      while (lastStored < healed && performance.now() - healed < 30_000) await sleep(50);
      row.recoveryMs = lastStored >= healed ? Math.round(lastStored - healed) : null;
      await sleep(1500);
      row.exits = exits - exitsBefore;
    }

    log('stopping: SIGTERM under load');
    row = blankRow('(stopping)');
    // Every notification accepted has reached the stream by now, or is lost.
    streaming = false;
    await stream.done;
    // A stop under the callers' load: what is under way finishes, the process ends by itself.
    const stopping = performance.now();
    server.kill('SIGTERM');
    const code = await Promise.race([ended, sleep(15_000).then(() => null)]);
    const stop = { ms: Math.round(performance.now() - stopping), code };
    running = false;
    await Promise.all([...callers, probe]);

    const { rows: stored } = await db.query<{ event_id: string; n: number }>(
      'SELECT event_id, count(*)::int AS n FROM events WHERE event_id = ANY($1::text[]) GROUP BY event_id',
      [[...sentIds]],
    );
    const storedIds = new Set(stored.map((r) => r.event_id));
    return {
      rows,
      lost: [...acknowledged].filter((id) => !storedIds.has(id)).length,
      doubled: stored.filter((r) => r.n > 1).length,
      acknowledged: acknowledged.size,
      streamLost: stream.lost(),
      notified: stream.accepted(),
      stop,
    };
  } finally {
    if (server.exitCode === null) server.kill('SIGKILL');
    await db.end().catch(() => {});
    await proxy.close();
  }
}

const blankRow = (fault: string): FaultRow => ({
  fault,
  requests: 0,
  exits: 0,
  errors: 0,
  hangs: 0,
  slowestMs: 0,
  refusals: 0,
  recoveryMs: null,
});

/**
 * One visit's stream, read as the browser does (again after a cut, from the last ID it saw), while
 * a numbered notification goes to it every 250 ms (sent again until the server accepts it). What
 * was accepted and never arrived is lost.
 */
async function watchStream(
  base: string,
  post: (body: unknown) => Promise<Response | null>,
  running: () => boolean,
) {
  const v = visit();
  for (;;) {
    const first = await post(keyed({ events: [v.event('PageEntered')] }));
    if (first?.ok) break;
    await sleep(200);
  }
  const accepted = new Set<number>();
  const received = new Set<number>();
  const reader = (async () => {
    let lastId: string | null = null;
    while (running() || received.size < accepted.size) {
      const response = await fetch(`${base}/server/notifications/${v.ids.visitID}`, {
        headers: {
          authorization: `Bearer ${v.key}`,
          ...(lastId ? { 'last-event-id': lastId } : {}),
        },
        signal: AbortSignal.timeout(running() ? 60_000 : 3000),
      }).catch(() => null);
      const body = response?.ok ? response.body?.getReader() : null;
      if (!body) {
        if (!running()) return;
        await sleep(500);
        continue;
      }
      const decoder = new TextDecoder();
      let buffer = '';
      try {
        for (;;) {
          const { value, done } = await body.read();
          if (done) break;
          buffer += decoder.decode(value, { stream: true });
          for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
            const lines = buffer.slice(0, end).split('\n');
            buffer = buffer.slice(end + 2);
            const id = lines.find((line) => line.startsWith('id: '))?.slice(4);
            const data = lines.find((line) => line.startsWith('data: '))?.slice(6);
            if (id) lastId = id;
            const n = data ? (JSON.parse(data).notification?.data?.text as string) : undefined;
            if (n?.startsWith('n')) received.add(Number(n.slice(1)));
            if (!running() && received.size >= accepted.size) return;
          }
        }
      } catch {
        // Cut: read again from the last ID.
      }
    }
  })();
  const sender = (async () => {
    for (let n = 0; running(); n++) {
      for (;;) {
        const response = await fetch(`${base}/server/data/notification/notify/${v.ids.visitID}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify([{ channel: 'beckon.message', data: { text: `n${n}` } }]),
          signal: AbortSignal.timeout(15_000),
        }).catch(() => null);
        if (response?.ok) {
          accepted.add(n);
          break;
        }
        if (!running()) break;
        await sleep(500);
      }
      await sleep(250);
    }
  })();
  return {
    done: Promise.all([sender, Promise.race([reader, sleep(20_000)])]),
    accepted: () => accepted.size,
    lost: () => [...accepted].filter((n) => !received.has(n)).length,
  };
}
