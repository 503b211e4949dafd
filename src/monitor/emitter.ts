import type { Log } from './log.ts';

export type Listener = (payload: unknown) => void;

/**
 * `on`/`off` for integrators. A name ending in `*` listens to every name with that prefix
 * (`event:*`, later `invite:*`). A listener that throws is logged and the others still run.
 */
export interface Emitter {
  on(name: string, listener: Listener): void;
  off(name: string, listener: Listener): void;
  emit(name: string, payload: unknown): void;
}

export function createEmitter(log: Log): Emitter {
  const listeners: Array<[string, Listener]> = [];
  const matches = (pattern: string, name: string) =>
    pattern === name || (pattern.endsWith('*') && name.startsWith(pattern.slice(0, -1)));
  return {
    on: (name, listener) => {
      listeners.push([name, listener]);
    },
    off: (name, listener) => {
      const at = listeners.findIndex(([n, l]) => n === name && l === listener);
      if (at >= 0) listeners.splice(at, 1);
    },
    emit: (name, payload) => {
      for (const [pattern, listener] of [...listeners]) {
        if (!matches(pattern, name)) continue;
        try {
          listener(payload);
        } catch (error) {
          log.error(`a listener for '${pattern}' threw`, error);
        }
      }
    },
  };
}
