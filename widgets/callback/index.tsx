import { render } from 'preact';
import { mountShadow } from '../shadow-host.ts';
import { CallbackPanel, type CallbackPanelProps } from './callback-panel.tsx';
import { CSS } from './styles.ts';

/** Mounts the callback panel in a shadow root of its own; `update` re-renders it with new state. */
export function mountCallbackPanel(doc: Document) {
  const { box, attach, remove } = mountShadow(doc, 'callback', CSS, { fill: true });
  attach();
  return {
    update: (props: CallbackPanelProps) => render(<CallbackPanel {...props} />, box),
    close: () => {
      render(null, box);
      remove();
    },
  };
}
