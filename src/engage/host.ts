import type { MediaAdapter } from '../media/adapter.ts';
import type { ResolvedConfig } from '../monitor/config.ts';
import type { Log } from '../monitor/log.ts';
import type { KeyValue } from '../monitor/storage.ts';
import type { TrackedEvent } from '../protocol/event.ts';
import type { Ids } from '../protocol/ids.ts';

/** What the core script lends the lazily loaded engage chunk: its only way back into the page. */
export interface EngageHost {
  win: Window;
  config: ResolvedConfig;
  log: Log;
  storage(): KeyValue;
  now(): number;
  ids(): Ids | null;
  track(
    eventType: TrackedEvent['eventType'],
    eventName: string,
    data?: Record<string, unknown>,
  ): void;
  /** Integrators' hooks: `invite:shown`, `invite:accepted`, `media:opened`, `message`… */
  emit(name: string, payload: unknown): void;
  /** Adapters listen here for what reaches their session, e.g. `message` (inbox replies). */
  on(name: string, listener: (payload: unknown) => void): void;
  off(name: string, listener: (payload: unknown) => void): void;
  /** Adapters registered with `['adapter', adapter]` (or by GWE's chat API, src/gwe/), by name. */
  adapters: Map<string, MediaAdapter>;
}
