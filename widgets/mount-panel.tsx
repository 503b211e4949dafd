import { useStore } from '@nanostores/preact';
import type { ReadableAtom } from 'nanostores';
import { type FunctionComponent, render } from 'preact';
import type { Theme } from '../src/protocol/config.ts';
import { mountShadow } from './shadow-host.ts';
import { applyColours, type Brand, brandOf } from './theme.ts';

/**
 * Mounts a panel (chat, callback, contact) in a shadow root of its own, in the site's colours and
 * under its name and logo (config `theme`). It shows `$state` as the adapter changes it (the panel
 * subscribes), with `actions`, what stays, beside: the words, the settings, what it reports to.
 */
export function mountPanel<S extends object, A extends object>(
  doc: Document,
  name: string,
  css: string,
  Panel: FunctionComponent<S & A & { brand: Brand }>,
  theme: Theme | undefined,
  $state: ReadableAtom<S>,
  actions: A,
) {
  const { box, attach, remove } = mountShadow(doc, name, css, { fill: true });
  applyColours(box, theme);
  const brand = brandOf(theme, doc.baseURI);
  const View = () => <Panel {...actions} {...useStore($state)} brand={brand} />;
  attach();
  render(<View />, box);
  return {
    box,
    close: () => {
      render(null, box);
      remove();
    },
  };
}
