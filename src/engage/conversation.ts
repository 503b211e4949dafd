import type { Conversation } from '../protocol/conversation.ts';

/**
 * What happens to the visit's conversation: a session opened (from an offer or the launcher) or
 * taken up on a new page, its panel minimised to the launcher or restored, the other side's
 * messages counted (the adapter gives the total so far, so every tab counting the same session
 * agrees), and its end (the visitor closed it).
 */
export type ConversationAction =
  | {
      type: 'opened';
      visitID: string;
      adapter: string;
      kind: Conversation['type'];
      scenario?: string;
    }
  | { type: 'resumed'; visitID: string; adapter: string }
  | { type: 'minimise' }
  | { type: 'restore' }
  | { type: 'incoming'; count: number }
  | { type: 'end' };

/**
 * The conversation after `action`, as plain data; the same object when nothing changes, so a store
 * holding it tells its listeners only of real changes (and two tabs never echo each other).
 */
export function nextConversation(
  state: Conversation | null,
  action: ConversationAction,
): Conversation | null {
  switch (action.type) {
    case 'opened':
      return {
        visitID: action.visitID,
        adapter: action.adapter,
        type: action.kind,
        ...(action.scenario ? { scenario: action.scenario } : {}),
        view: 'open',
        incoming: 0,
        seen: 0,
      };
    case 'resumed':
      // The same conversation on the next page: open or minimised as it was left.
      if (
        state?.visitID === action.visitID &&
        state.adapter === action.adapter &&
        state.view !== 'ended'
      )
        return state;
      return nextConversation(state, { ...action, type: 'opened', kind: 'chat' });
    case 'minimise':
      return state?.view === 'open' ? { ...state, view: 'minimised' } : state;
    case 'restore':
      return state &&
        state.view !== 'ended' &&
        (state.view !== 'open' || state.seen < state.incoming)
        ? { ...state, view: 'open', seen: state.incoming }
        : state;
    case 'incoming': {
      if (!state || action.count <= state.incoming) return state;
      const seen = state.view === 'open' ? action.count : state.seen;
      return { ...state, incoming: action.count, seen };
    }
    case 'end':
      return state && state.view !== 'ended'
        ? { ...state, view: 'ended', seen: state.incoming }
        : state;
  }
}

/** Messages from the other side the visitor has not seen: none while the panel is open. */
export const unread = (state: Conversation | null) =>
  state && state.view !== 'open' ? Math.max(0, state.incoming - state.seen) : 0;
