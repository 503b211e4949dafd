import type { Clock } from '../monitor/clock.ts';
import type { Log } from '../monitor/log.ts';
import { nextStream, type StreamEvent, type StreamState } from './stream-state.ts';

/** A stream that has sent nothing, not even a heartbeat, for this long is dead (heartbeats: 15 s). */
export const STREAM_SILENCE_MS = 45_000;

export interface StreamOptions {
  url: string;
  /** The visit's key, shown in a header (never in the URL, which proxies log); null: none yet. */
  key(): string | null;
  lastEventId(): string | null;
  onMessage(id: string, data: string): void;
  clock: Clock;
  log: Log;
  fetch: typeof fetch;
  random?: () => number;
}

export interface Stream {
  start(): void;
  /** The server now knows the visit: a stream it refused tries again. */
  visitKnown(): void;
  stop(): void;
}

/**
 * Server-Sent Events read with fetch rather than EventSource: it sends the visit key in a header and
 * `Last-Event-ID` itself, sees a refused key (401) as such, and notices a silent, dead connection.
 */
export function openStream(options: StreamOptions): Stream {
  const { clock, log } = options;
  let state: StreamState = { status: 'idle' };
  let abort: AbortController | null = null;
  let retryTimer: unknown = null;
  let silenceTimer: unknown = null;

  const clearTimers = () => {
    for (const timer of [retryTimer, silenceTimer]) if (timer !== null) clock.clearTimeout(timer);
    retryTimer = silenceTimer = null;
  };
  const disconnect = () => {
    clearTimers();
    abort?.abort();
    abort = null;
  };

  const apply = (event: StreamEvent) => {
    const before = state;
    state = nextStream(state, event, options.random);
    if (state === before) return;
    log.debug(`notifications: ${state.status}`);
    if (state.status === 'connecting') void connect();
    else if (state.status === 'waiting') {
      disconnect();
      retryTimer = clock.setTimeout(() => apply({ type: 'retry' }), state.delayMs);
    } else if (state.status !== 'open') disconnect();
  };

  const heardFrom = () => {
    if (silenceTimer !== null) clock.clearTimeout(silenceTimer);
    silenceTimer = clock.setTimeout(
      () => apply({ type: 'failed', refused: false }),
      STREAM_SILENCE_MS,
    );
  };

  const connect = async () => {
    disconnect();
    const key = options.key();
    if (!key) {
      state = { status: 'refused', attempt: 0 };
      return;
    }
    const controller = new AbortController();
    abort = controller;
    const lastEventId = options.lastEventId();
    try {
      const response = await options.fetch(options.url, {
        headers: {
          accept: 'text/event-stream',
          authorization: `Bearer ${key}`,
          ...(lastEventId ? { 'last-event-id': lastEventId } : {}),
        },
        credentials: 'omit',
        cache: 'no-store',
        signal: controller.signal,
      });
      if (!response.ok || !response.body) {
        apply({ type: 'failed', refused: response.status === 401 });
        return;
      }
      apply({ type: 'opened' });
      heardFrom();
      await readEvents(response.body, (id, data) => {
        heardFrom();
        if (data !== null) options.onMessage(id, data);
      });
    } catch {
      // Aborted by us, or the network dropped: the check below tells which.
    }
    if (abort === controller) apply({ type: 'failed', refused: false });
  };

  return {
    start: () => apply({ type: 'start' }),
    visitKnown: () => apply({ type: 'known' }),
    stop: () => apply({ type: 'stop' }),
  };
}

/** Calls `onBlock(id, data)` per SSE block; comments (heartbeats) come as `data === null`. */
async function readEvents(
  body: ReadableStream<Uint8Array>,
  onBlock: (id: string, data: string | null) => void,
) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n');
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      let id = '';
      let data: string | null = null;
      for (const line of buffer.slice(0, end).split('\n')) {
        if (line.startsWith('id:')) id = line.slice(3).trim();
        else if (line.startsWith('data:'))
          data = (data === null ? '' : `${data}\n`) + line.slice(5).replace(/^ /, '');
      }
      onBlock(id, data);
      buffer = buffer.slice(end + 2);
      end = buffer.indexOf('\n\n');
    }
  }
}
