import { render } from 'preact';
import { mountShadow } from '../shadow-host.ts';
import { ChatPanel, type ChatPanelProps } from './chat-panel.tsx';
import { CSS } from './styles.ts';

/**
 * Mounts the chat panel in a shadow root of its own; `update` re-renders it with new state.
 * `page` fills a page of its own (the popup) instead of floating in a corner.
 */
export function mountChatPanel(doc: Document, layout: 'panel' | 'page' = 'panel') {
  const { box, attach, remove } = mountShadow(doc, 'chat', CSS, { fill: true });
  box.setAttribute('data-layout', layout);
  attach();
  return {
    update: (props: ChatPanelProps) => render(<ChatPanel {...props} />, box),
    close: () => {
      render(null, box);
      remove();
    },
  };
}
