import type { ReadableAtom } from 'nanostores';
import type { Theme } from '../../src/protocol/config.ts';
import { mountPanel } from '../mount-panel.tsx';
import { ChatPanel, type ChatPanelProps } from './chat-panel.tsx';
import { CSS } from './styles.ts';

/** What changes as the chat goes on: the adapter's store of it, which the panel subscribes to. */
export type ChatState = Pick<
  ChatPanelProps,
  'session' | 'step' | 'error' | 'notice' | 'outgoing' | 'rating'
>;
/** What stays: the words, the settings and what the panel reports to. */
export type ChatActions = Omit<ChatPanelProps, keyof ChatState | 'brand'>;

/**
 * Mounts the chat panel, showing `$chat` as it changes; `page` fills a page of its own (the popup)
 * instead of floating in a corner.
 */
export function mountChatPanel(
  doc: Document,
  layout: 'panel' | 'page',
  theme: Theme | undefined,
  $chat: ReadableAtom<ChatState>,
  actions: ChatActions,
) {
  const panel = mountPanel(doc, 'chat', CSS, ChatPanel, theme, $chat, actions);
  panel.box.setAttribute('data-layout', layout);
  return panel;
}
