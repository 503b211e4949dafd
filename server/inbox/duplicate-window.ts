/**
 * The hub's "RPC cache timeout": the same text from the same visitor within the window is not
 * forwarded again, and each repeat starts the window anew. A window of 0 forwards everything.
 * Plain data in and out: `seen` maps `visitor + text` to when it was last seen.
 */
export interface DuplicateWindow {
  windowMs: number;
  seen: Map<string, number>;
}

export const DEFAULT_DUPLICATE_WINDOW_MS = 90_000;

export const createDuplicateWindow = (windowMs = DEFAULT_DUPLICATE_WINDOW_MS): DuplicateWindow => ({
  windowMs,
  seen: new Map(),
});

const keyOf = (visitor: string, text: string) => `${visitor}\u0000${text.trim()}`;

/** Whether to forward this message now; records it either way. */
export function shouldForward(
  window: DuplicateWindow,
  visitor: string,
  text: string,
  now: number,
): boolean {
  if (window.windowMs <= 0) return true;
  for (const [key, at] of window.seen) if (now - at >= window.windowMs) window.seen.delete(key);
  const key = keyOf(visitor, text);
  const last = window.seen.get(key);
  window.seen.set(key, now);
  return last === undefined || now - last >= window.windowMs;
}
