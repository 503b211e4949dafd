import type { Theme } from '../../src/protocol/config.ts';
import { mountPanel } from '../mount-panel.tsx';
import { ChatPanel, type ChatPanelProps } from './chat-panel.tsx';
import { CSS } from './styles.ts';

/**
 * Mounts the chat panel; `page` fills a page of its own (the popup) instead of floating in a
 * corner.
 */
export function mountChatPanel(doc: Document, layout: 'panel' | 'page', theme?: Theme) {
  const panel = mountPanel<Omit<ChatPanelProps, 'brand'>>(doc, 'chat', CSS, ChatPanel, theme);
  panel.box.setAttribute('data-layout', layout);
  return panel;
}
