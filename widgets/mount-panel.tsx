import { type FunctionComponent, render } from 'preact';
import type { Theme } from '../src/protocol/config.ts';
import { mountShadow } from './shadow-host.ts';
import { applyColours, type Brand, brandOf } from './theme.ts';

/**
 * Mounts a panel (chat, callback, contact) in a shadow root of its own, in the site's colours and
 * under its name and logo (config `theme`); `update` re-renders it with new state.
 */
export function mountPanel<P>(
  doc: Document,
  name: string,
  css: string,
  Panel: FunctionComponent<P & { brand: Brand }>,
  theme: Theme | undefined,
) {
  const { box, attach, remove } = mountShadow(doc, name, css, { fill: true });
  applyColours(box, theme);
  const brand = brandOf(theme, doc.baseURI);
  attach();
  return {
    box,
    update: (props: P) => render(<Panel {...props} brand={brand} />, box),
    close: () => {
      render(null, box);
      remove();
    },
  };
}
