import type { KeyValue } from '../monitor/storage.ts';

/**
 * The JSON kept under `key`, or null when there is none or it does not parse. A module of its own:
 * the chunks that only read storage do not carry the storage probing (src/monitor/storage.ts).
 */
export function readJson<T>(storage: KeyValue, key: string): T | null {
  const text = storage.get(key);
  if (text === null) return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}
