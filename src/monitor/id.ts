import type { Id } from '../protocol/ids.ts';

/** A GWE-style identifier: 128 random bits as 32 uppercase hex characters. */
export function newId(): Id {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let id = '';
  for (const byte of bytes) id += (byte + 256).toString(16).slice(1);
  return id.toUpperCase();
}

/** Whether a stored value is still a usable ID (storage can be edited, truncated or shared). */
export const isId = (value: unknown): value is Id =>
  typeof value === 'string' && /^[0-9A-F]{32}$/.test(value);
