import { render } from 'preact';
import { ChatPanel, type ChatPanelProps } from './chat-panel.tsx';
import { CSS } from './styles.ts';

/**
 * Mounts the chat panel in a shadow root of its own; `update` re-renders it with new state.
 * `page` fills a page of its own (the popup) instead of floating in a corner.
 */
export function mountChatPanel(doc: Document, layout: 'panel' | 'page' = 'panel') {
  const host = doc.createElement('div');
  host.setAttribute('data-beckon', 'chat');
  host.setAttribute('data-layout', layout);
  const root = host.attachShadow({ mode: 'open' });
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(CSS);
  root.adoptedStyleSheets = [sheet];
  doc.body.append(host);
  return {
    update: (props: ChatPanelProps) => render(<ChatPanel {...props} />, root),
    close: () => {
      render(null, root);
      host.remove();
    },
  };
}
