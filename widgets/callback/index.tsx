import { render } from 'preact';
import { CallbackPanel, type CallbackPanelProps } from './callback-panel.tsx';
import { CSS } from './styles.ts';

/** Mounts the callback panel in a shadow root of its own; `update` re-renders it with new state. */
export function mountCallbackPanel(doc: Document) {
  const host = doc.createElement('div');
  host.setAttribute('data-beckon', 'callback');
  const root = host.attachShadow({ mode: 'open' });
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(CSS);
  root.adoptedStyleSheets = [sheet];
  doc.body.append(host);
  return {
    update: (props: CallbackPanelProps) => render(<CallbackPanel {...props} />, root),
    close: () => {
      render(null, root);
      host.remove();
    },
  };
}
