/**
 * The notification stream's connection as plain data. The driver (stream.ts) opens and closes the
 * EventSource; this decides what should happen next, so reconnects are tested without a network.
 */
export type StreamState =
  | { status: 'idle' }
  | { status: 'connecting'; attempt: number }
  | { status: 'open'; attempt: 0 }
  /** Waiting `delayMs` before the next attempt. */
  | { status: 'waiting'; attempt: number; delayMs: number }
  /** The server refused the visit key (its first events may not be in yet): wait, not hammer. */
  | { status: 'refused'; attempt: number };

export type StreamEvent =
  | { type: 'start' }
  | { type: 'opened' }
  | { type: 'failed'; refused: boolean }
  | { type: 'retry' }
  | { type: 'known' }
  | { type: 'stop' };

export const STREAM_RETRY_BASE_MS = 1000;
export const STREAM_RETRY_MAX_MS = 30_000;

export function nextStream(
  state: StreamState,
  event: StreamEvent,
  random: () => number = Math.random,
): StreamState {
  switch (event.type) {
    case 'stop':
      return { status: 'idle' };
    case 'start':
      return state.status === 'idle' ? { status: 'connecting', attempt: 0 } : state;
    case 'opened':
      return state.status === 'connecting' ? { status: 'open', attempt: 0 } : state;
    case 'failed': {
      if (state.status !== 'connecting' && state.status !== 'open') return state;
      const attempt = state.attempt + 1;
      if (event.refused) return { status: 'refused', attempt };
      const ceiling = Math.min(STREAM_RETRY_MAX_MS, STREAM_RETRY_BASE_MS * 2 ** (attempt - 1));
      return { status: 'waiting', attempt, delayMs: Math.round(ceiling * (0.5 + random() / 2)) };
    }
    case 'retry':
      return state.status === 'waiting' ? { status: 'connecting', attempt: state.attempt } : state;
    case 'known':
      return state.status === 'refused' || state.status === 'waiting'
        ? { status: 'connecting', attempt: state.attempt }
        : state;
  }
}
