import type { Clock } from '../../src/monitor/clock.ts';
import { createLog, type Log } from '../../src/monitor/log.ts';
import { type KeyValue, memoryStorage } from '../../src/monitor/storage.ts';
import { createTracker, type Tracker, type TrackerEnv } from '../../src/monitor/tracker.ts';
import type { Config } from '../../src/protocol/config.ts';
import type { TrackedEvent } from '../../src/protocol/event.ts';

/** Lets fetch promises and their continuations run. */
export const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

export interface ManualClock extends Clock {
  advance(ms: number): Promise<void>;
  pending(): number;
}

/** A clock that moves only when told, running due timers in order. */
export function manualClock(start = 1_700_000_000_000): ManualClock {
  let now = start;
  let seq = 0;
  const timers = new Map<number, { at: number; run: () => void }>();
  return {
    now: () => now,
    setTimeout: (run, ms) => {
      seq++;
      timers.set(seq, { at: now + ms, run });
      return seq;
    },
    clearTimeout: (handle) => {
      timers.delete(handle as number);
    },
    pending: () => timers.size,
    advance: async (ms) => {
      const end = now + ms;
      await settle();
      for (;;) {
        const due = [...timers.entries()]
          .filter(([, timer]) => timer.at <= end)
          .sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].run();
        await settle();
      }
      now = end;
      await settle();
    },
  };
}

/** Stands in for the engagement server's ingest route: dedupes by eventID, can be taken down. */
export function fakeServer() {
  const received: TrackedEvent[] = [];
  const seen = new Set<string>();
  const server = {
    up: true,
    requests: 0,
    received,
    /** Each visit's key, as the real server keeps it from the visit's first batch. */
    keys: new Map<string, string>(),
    names: () => received.map((event) => event.eventName),
    /** The visitor erasures asked for (`['forget']`): where, and with which credential. */
    erasures: [] as Array<{ url: string; authorization: string | null }>,
    fetch: (async (url: RequestInfo | URL, init?: RequestInit) => {
      server.requests++;
      if (!server.up) throw new TypeError('Failed to fetch');
      if (init?.method === 'DELETE') {
        const authorization = new Headers(init.headers).get('authorization');
        server.erasures.push({ url: String(url), authorization });
        return Response.json({ globalVisitIDs: [], removed: {} });
      }
      const { events, keys } = JSON.parse(String(init?.body)) as {
        events: TrackedEvent[];
        keys?: Record<string, string>;
      };
      const visits = [...new Set(events.map((event) => event.visitID))];
      const refused = visits.filter((visit) => {
        const given = keys?.[visit];
        const known = server.keys.get(visit);
        return !given || (known !== undefined && known !== given);
      });
      if (refused.length)
        return Response.json(
          { error: 'invalid_visit_key', message: 'refused', visits: refused },
          { status: 401 },
        );
      for (const visit of visits) server.keys.set(visit, keys?.[visit] as string);
      const accepted: string[] = [];
      const duplicates: string[] = [];
      for (const event of events) {
        if (seen.has(event.eventID)) duplicates.push(event.eventID);
        else {
          seen.add(event.eventID);
          received.push(event);
          accepted.push(event.eventID);
        }
      }
      return new Response(JSON.stringify({ accepted, duplicates }), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    }) as typeof fetch,
  };
  return server;
}

/** A Log that keeps what it would print. */
export function captureLog(): Log & { errors: string[]; warnings: string[] } {
  const errors: string[] = [];
  const warnings: string[] = [];
  const text = (args: unknown[]) => args.map(String).join(' ');
  const log = createLog({
    error: (...args: unknown[]) => errors.push(text(args)),
    warn: (...args: unknown[]) => warnings.push(text(args)),
    info: () => {},
  });
  return Object.assign(log, { errors, warnings });
}

export interface Harness {
  tracker: Tracker;
  clock: ManualClock;
  server: ReturnType<typeof fakeServer>;
  log: ReturnType<typeof captureLog>;
  storage: KeyValue;
  outboxStorage: KeyValue;
  beacons: Blob[];
}

const running: Tracker[] = [];

/** A tracker on this page with a manual clock, a fake server and memory storage (unless given). */
export function startTracker(
  config: Config = {},
  env: Partial<TrackerEnv & Harness> = {},
): Harness {
  const clock = (env.clock as ManualClock | undefined) ?? manualClock();
  const server = env.server ?? fakeServer();
  const log = env.log ?? captureLog();
  const storage = env.storage ?? memoryStorage();
  const outboxStorage = env.outboxStorage ?? memoryStorage();
  const beacons: Blob[] = [];
  const tracker = createTracker(config, {
    scriptUrl: 'http://beckon.test/beckon.js',
    loadDsl: () => import('../../src/monitor/dsl/chunk.ts'),
    loadStream: () => import('../../src/notify/notifications.ts'),
    clock,
    fetch: server.fetch,
    sendBeacon: (_url, body) => {
      beacons.push(body);
      return true;
    },
    storage,
    outboxStorage,
    log,
    ...env,
  });
  running.push(tracker);
  tracker.start();
  return { tracker, clock, server, log: log as Harness['log'], storage, outboxStorage, beacons };
}

/** Stop every tracker a test started, as a page unload would. */
export function stopTrackers() {
  for (const tracker of running.splice(0)) tracker.stop();
}

/** Makes the page look hidden/visible and focused/unfocused, and tells listeners. */
export function setPageState(state: { visible?: boolean; focused?: boolean }) {
  if (state.visible !== undefined) {
    Object.defineProperty(document, 'visibilityState', {
      configurable: true,
      get: () => (state.visible ? 'visible' : 'hidden'),
    });
    document.dispatchEvent(new Event('visibilitychange'));
  }
  if (state.focused !== undefined) {
    const focused = state.focused;
    Object.defineProperty(document, 'hasFocus', { configurable: true, value: () => focused });
    window.dispatchEvent(new Event(focused ? 'focus' : 'blur'));
  }
}

export function resetPageState() {
  delete (document as unknown as Record<string, unknown>).visibilityState;
  delete (document as unknown as Record<string, unknown>).hasFocus;
}

export const names = (events: readonly TrackedEvent[]) => events.map((event) => event.eventName);
