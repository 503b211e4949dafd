import type { MediaSession } from './adapter.ts';

/** What `sessionEvents()` gives an adapter: `on` for its session, `emit` for itself. */
export interface SessionEvents {
  on: MediaSession['on'];
  /** Calls every listener of `event`, in the order they were added. */
  emit(event: string, payload?: unknown): void;
}

/** A tiny event source for sessions: what `MediaSession.on` listens to. */
export function sessionEvents(): SessionEvents {
  const listeners = new Map<string, Array<(payload?: unknown) => void>>();
  return {
    on: (event, listener) => {
      listeners.set(event, [...(listeners.get(event) ?? []), listener]);
    },
    emit: (event, payload) => {
      for (const listener of listeners.get(event) ?? []) listener(payload);
    },
  };
}

/** Calls `onClosed` once the popup is gone: its closing fires nothing the opener can hear. */
export function whenPopupCloses(popup: Window, onClosed: () => void): void {
  const watch = setInterval(() => {
    if (!popup.closed) return;
    clearInterval(watch);
    onClosed();
  }, 1000);
}
