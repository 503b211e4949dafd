import { atom } from 'nanostores';
import { type ConversationAction, nextConversation } from '../../src/engage/conversation.ts';
import type { EngageHost } from '../../src/engage/host.ts';
import { CONVERSATION_KEY } from '../../src/media/adapter.ts';
import { Conversation } from '../../src/protocol/conversation.ts';
import { readJson } from '../../src/shared/read-json.ts';

/**
 * The visit's conversation as a store the page's widgets subscribe to. It starts from storage, every
 * change is written back, and a change another tab of the visit writes arrives through the
 * `storage` event, so a chat minimised in one tab is minimised in all of them.
 */
export function conversationStore(host: Pick<EngageHost, 'win' | 'storage' | 'ids'>) {
  const read = () => {
    const parsed = Conversation.safeParse(readJson(host.storage(), CONVERSATION_KEY));
    return parsed.success && parsed.data.visitID === host.ids()?.visitID ? parsed.data : null;
  };
  const $conversation = atom<Conversation | null>(read());
  host.win.addEventListener('storage', (event) => {
    if (event.key === CONVERSATION_KEY) $conversation.set(read());
  });
  return {
    $conversation,
    dispatch(action: ConversationAction) {
      const before = $conversation.get();
      const next = nextConversation(before, action);
      if (next === before) return;
      if (next) host.storage().set(CONVERSATION_KEY, JSON.stringify(next));
      $conversation.set(next);
    },
  };
}
