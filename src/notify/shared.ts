/**
 * One notification stream per visit for the whole browser: the tab holding a Web Lock for the visit
 * runs the stream and passes each message to the other tabs over a BroadcastChannel. When it closes,
 * the lock passes to another tab, which takes over from the last message ID all tabs have seen.
 * Without Web Locks every tab runs its own stream; receivers drop duplicates by message ID.
 */
export interface SharedStream {
  /** The leader calls this with each message it receives, to hand it to the other tabs. */
  share(message: unknown): void;
  stop(): void;
}

export function shareStream(options: {
  win: Window;
  visitID: string;
  /** Start the stream in this tab; returns how to stop it. */
  lead(): () => void;
  /** A message another tab's stream received. */
  onShared(message: unknown): void;
}): SharedStream {
  const { win, visitID } = options;
  const channel =
    typeof BroadcastChannel === 'function'
      ? new BroadcastChannel(`beckon.notify.${visitID}`)
      : null;
  if (channel) channel.onmessage = (event: MessageEvent) => options.onShared(event.data);
  const abort = new AbortController();
  let stopLeading: (() => void) | null = null;
  let releaseLock: (() => void) | null = null;

  const lead = () => {
    stopLeading = options.lead();
  };
  const locks = (win.navigator as Navigator & { locks?: LockManager }).locks;
  if (locks) {
    locks
      .request(`beckon.stream.${visitID}`, { signal: abort.signal }, () => {
        lead();
        return new Promise<void>((resolve) => {
          releaseLock = resolve;
        });
      })
      .catch(() => {
        // Aborted because this tab stopped waiting for the lock.
      });
  } else lead();

  return {
    share: (message) => channel?.postMessage(message),
    stop: () => {
      abort.abort();
      stopLeading?.();
      releaseLock?.();
      channel?.close();
    },
  };
}
