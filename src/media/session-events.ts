import type { MediaSession } from './adapter.ts';

/** A tiny event source for sessions: what `MediaSession.on` listens to. */
export function sessionEvents() {
  const listeners = new Map<string, Array<(payload?: unknown) => void>>();
  return {
    on: (event: string, listener: (payload?: unknown) => void) => {
      listeners.set(event, [...(listeners.get(event) ?? []), listener]);
    },
    emit: (event: string, payload?: unknown) => {
      for (const listener of listeners.get(event) ?? []) listener(payload);
    },
  } satisfies Pick<MediaSession, 'on'> & { emit: unknown };
}

/** Calls `onClosed` once the popup is gone: its closing fires nothing the opener can hear. */
export function whenPopupCloses(popup: Window, onClosed: () => void): void {
  const watch = setInterval(() => {
    if (!popup.closed) return;
    clearInterval(watch);
    onClosed();
  }, 1000);
}
