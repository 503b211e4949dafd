import type { MediaAdapter } from '../protocol/media.ts';
import { ADAPTER_NAME } from '../protocol/names.ts';

export type { MediaAdapter, MediaSession } from '../protocol/media.ts';

/**
 * Storage key of a media session that outlives its page: `{visitID, adapter, ...}`. The core looks
 * for it on every page and, when it belongs to this visit, asks the adapter to resume.
 */
export const MEDIA_KEY = 'beckon.media';

/** Storage key of the visit's conversation (src/protocol/conversation.ts), which the launcher follows. */
export const CONVERSATION_KEY = 'beckon.conversation';

export const isAdapter = (value: unknown): value is MediaAdapter => {
  const adapter = value as Partial<MediaAdapter> | null;
  return (
    typeof adapter === 'object' &&
    adapter !== null &&
    typeof adapter.name === 'string' &&
    ADAPTER_NAME.test(adapter.name) &&
    (adapter.party === 'second' || adapter.party === 'third') &&
    typeof adapter.open === 'function' &&
    (adapter.resume === undefined || typeof adapter.resume === 'function')
  );
};
