import type { ApiError, IngestResult, QueuedEvent } from '../protocol/ingest.ts';
import { retryAfterMs } from '../shared/retry-after.ts';
import type { Clock } from './clock.ts';
import type { Log } from './log.ts';
import type { Outbox } from './outbox.ts';

export const BATCH_SIZE = 50;
/**
 * Collects the events of one interaction (they come within a few ms) into one request. Every ms here
 * is a ms before a rule can answer: at 250 ms it was most of the time from an event to its
 * invitation (bench/results/latest.md).
 */
export const SEND_DELAY_MS = 50;
export const RETRY_BASE_MS = 1000;
export const RETRY_MAX_MS = 30_000;
/** Browsers refuse beacons past 64 KiB in flight; stay under it. */
const BEACON_MAX_BYTES = 60_000;

export interface TransportOptions {
  url: string;
  outbox: Outbox;
  clock: Clock;
  log: Log;
  fetch: typeof fetch;
  sendBeacon: (url: string, body: Blob) => boolean;
  random?: () => number;
  /** The server took these events, of these visits (which it therefore knows). */
  onDelivered?: (eventIDs: string[], visitIDs: string[]) => void;
  /** The server refused these visits' keys: move their events to a visit it knows, synchronously. */
  onRefusedVisits: (visitIDs: string[]) => void;
}

/**
 * Sends the outbox to `POST /server/data/events` in batches. An event leaves the outbox only when the
 * server acknowledges it (accepted or duplicate); network errors, 408, 429 and 5xx are retried with
 * exponential backoff and jitter. Beacons on page hide are a best effort on top: what they carry
 * stays in the outbox and is sent again later, and the server drops the duplicates.
 */
export interface Transport {
  /** Send soon, batching whatever else is recorded meanwhile. */
  schedule(): void;
  /** Send now, cutting short a backoff wait (the network came back, the page became visible). */
  retryNow(): void;
  /** Hand everything to `navigator.sendBeacon`, for a page that may be gone in a moment. */
  beacon(): void;
  /** Resolves when nothing is being sent or waiting to be sent right away. */
  idle(): Promise<void>;
  stop(): void;
}

/** The batch as the server takes it: the events, and apart from them, the key of each visit. */
function encode(queued: QueuedEvent[]): string {
  const keys: Record<string, string> = {};
  const events = queued.map(({ visitKey, ...event }) => {
    keys[event.visitID] = visitKey;
    return event;
  });
  return JSON.stringify({ events, keys });
}

export function createTransport(options: TransportOptions): Transport {
  const { url, outbox, clock, log } = options;
  const random = options.random ?? Math.random;
  let timer: unknown = null;
  let inflight: Promise<void> | null = null;
  let attempt = 0;
  let batchSize = BATCH_SIZE;
  let stopped = false;

  const wait = (ms: number) => {
    if (timer !== null) clock.clearTimeout(timer);
    timer = clock.setTimeout(() => {
      timer = null;
      void send();
    }, ms);
  };

  /** What the server's last 429 or 503 asked for: no sooner than that. */
  let waitAtLeastMs = 0;

  const backoff = () => {
    const ms = Math.max(
      waitAtLeastMs,
      Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** attempt) * (0.5 + random() / 2),
    );
    waitAtLeastMs = 0;
    attempt++;
    log.debug(`send failed; retry ${attempt} in ${Math.round(ms)} ms`);
    wait(ms);
  };

  const acknowledge = (ids: string[], batch: QueuedEvent[]) => {
    outbox.remove(ids);
    options.onDelivered?.(ids, [...new Set(batch.map((event) => event.visitID))]);
  };

  const drop = (ids: string[], why: string) => {
    log.error(`the server refused ${ids.length} event(s): ${why}; they were dropped`);
    outbox.remove(ids);
  };

  const attemptBatch = async (): Promise<'done' | 'more' | 'retry'> => {
    const batch = outbox.peek(batchSize);
    if (batch.length === 0) return 'done';
    const ids = batch.map((event) => event.eventID);
    let response: Response;
    try {
      response = await options.fetch(url, {
        method: 'POST',
        // text/plain keeps the request CORS-simple: no preflight, and the same body a beacon sends.
        headers: { 'content-type': 'text/plain;charset=UTF-8' },
        body: encode(batch),
        credentials: 'omit',
      });
    } catch {
      return 'retry';
    }
    const body = (await response.json().catch(() => null)) as (IngestResult & ApiError) | null;
    if (response.ok) {
      attempt = 0;
      batchSize = BATCH_SIZE;
      acknowledge(body?.accepted ? [...body.accepted, ...(body.duplicates ?? [])] : ids, batch);
      return 'more';
    }
    if (response.status === 401 && body?.visits?.length) {
      log.warn(`visit ${body.visits} refused; its events go to a new one`);
      options.onRefusedVisits(body.visits);
      // Sent again after the usual wait: a server that refused every visit would not make it spin.
      return 'retry';
    }
    if (response.status === 413 && batch.length > 1) {
      batchSize = Math.ceil(batch.length / 2);
      return 'more';
    }
    if (response.status === 400 && body?.rejected?.length) {
      for (const { index, field, message } of body.rejected) {
        const event = batch[index];
        if (event) drop([event.eventID], `${event.eventName}: ${field} ${message}`);
      }
      return 'more';
    }
    if (
      response.status >= 400 &&
      response.status < 500 &&
      response.status !== 408 &&
      response.status !== 429
    ) {
      drop(ids, `HTTP ${response.status} ${body?.message ?? ''}`.trim());
      return 'more';
    }
    waitAtLeastMs = retryAfterMs(response) ?? 0;
    return 'retry';
  };

  const send = (): Promise<void> => {
    if (inflight || stopped) return inflight ?? Promise.resolve();
    inflight = (async () => {
      for (;;) {
        const outcome = await attemptBatch();
        if (outcome === 'done' || stopped) break;
        if (outcome === 'retry') {
          backoff();
          break;
        }
      }
    })().finally(() => {
      inflight = null;
    });
    return inflight;
  };

  return {
    schedule: () => {
      if (timer === null && !inflight && !stopped) wait(SEND_DELAY_MS);
      else if (inflight) void inflight.then(() => timer === null && wait(SEND_DELAY_MS));
    },
    retryNow: () => {
      if (stopped) return;
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
      void send();
    },
    beacon: () => {
      if (stopped) return;
      let chunk: QueuedEvent[] = [];
      const flushChunk = () => {
        if (chunk.length === 0) return true;
        const ok = options.sendBeacon(url, new Blob([encode(chunk)], { type: 'text/plain' }));
        chunk = [];
        return ok;
      };
      for (const event of outbox.peek(outbox.size())) {
        chunk.push(event);
        if (chunk.length >= BATCH_SIZE || encode(chunk).length > BEACON_MAX_BYTES / 2) {
          if (!flushChunk()) return;
        }
      }
      flushChunk();
    },
    idle: async () => {
      while (inflight) await inflight;
    },
    stop: () => {
      stopped = true;
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
    },
  };
}
