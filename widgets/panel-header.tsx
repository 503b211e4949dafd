import type { ComponentChildren } from 'preact';
import type { Brand } from './theme.ts';

/**
 * A panel's header: the site's logo and name (config `theme`) with what the panel is for beneath,
 * or only what it is for, and the panel's buttons.
 */
export function PanelHeader({
  title,
  brand,
  children,
}: {
  title: string;
  brand: Brand;
  children: ComponentChildren;
}) {
  return (
    <header>
      <div class="identity">
        {brand.logo && <img class="logo" src={brand.logo} alt="" />}
        <div>
          <h2>{brand.name ?? title}</h2>
          {brand.name && <p class="subtitle">{title}</p>}
        </div>
      </div>
      {children}
    </header>
  );
}

/** Its styles, for the stylesheets of the panels that use it. */
export const HEADER_CSS = `
.identity { display: flex; align-items: center; gap: 10px; min-inline-size: 0; }
.identity .logo { block-size: 28px; inline-size: auto; max-inline-size: 96px; object-fit: contain; }
.identity h2 { overflow-wrap: anywhere; }
.identity .subtitle { margin: 0; font-size: 13px; opacity: 0.9; }
`;
