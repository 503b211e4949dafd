import { render } from 'preact';
import { mountShadow } from '../shadow-host.ts';
import { ContactPanel, type ContactPanelProps } from './contact-panel.tsx';
import { CSS } from './styles.ts';

/** Mounts the contact panel in a shadow root of its own; `update` re-renders it with new state. */
export function mountContactPanel(doc: Document) {
  const { box, attach, remove } = mountShadow(doc, 'contact', CSS, { fill: true });
  attach();
  return {
    update: (props: ContactPanelProps) => render(<ContactPanel {...props} />, box),
    close: () => {
      render(null, box);
      remove();
    },
  };
}
