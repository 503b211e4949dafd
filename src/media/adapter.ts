import type { MediaContext } from '../protocol/media.ts';

/** A running chat, callback or inbox conversation opened by an adapter. */
export interface MediaSession {
  close(): void;
  /** `closed` when the visitor or the adapter ends it; adapters may emit their own events too. */
  on(event: string, listener: (payload?: unknown) => void): void;
}

/**
 * The contract every media adapter fulfils. Second-party adapters (GMS) carry the context into the
 * contact centre as attached data; third-party ones (a partner's iframe, an inbox) pass it along.
 */
export interface MediaAdapter {
  name: string;
  party: 'second' | 'third';
  open(context: MediaContext): Promise<MediaSession>;
  /** Take up a session an earlier page of the visit left running (see MEDIA_KEY). */
  resume?(): Promise<MediaSession | null>;
}

/**
 * Storage key of a media session that outlives its page: `{visitID, adapter, ...}`. The core looks
 * for it on every page and, when it belongs to this visit, asks the adapter to resume.
 */
export const MEDIA_KEY = 'beckon.media';

export const isAdapter = (value: unknown): value is MediaAdapter => {
  const adapter = value as Partial<MediaAdapter> | null;
  return (
    typeof adapter === 'object' &&
    adapter !== null &&
    typeof adapter.name === 'string' &&
    /^[a-z][a-z0-9-]{0,31}$/.test(adapter.name) &&
    (adapter.party === 'second' || adapter.party === 'third') &&
    typeof adapter.open === 'function'
  );
};
