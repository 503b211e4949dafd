import type { Theme } from '../src/protocol/config.ts';

/** What a panel's header shows of the site: its name and its logo's address, when usable. */
export interface Brand {
  name: string | null;
  logo: string | null;
}

/**
 * Sets the site's colours on a widget's box as the custom properties its stylesheet reads, `own`
 * (the invitation's colours) before the theme's. Set through CSSOM, which a strict CSP allows.
 */
export function applyColours(
  box: HTMLElement,
  theme: Theme | undefined,
  own: Theme['colors'] = {},
) {
  for (const name of ['accent', 'background', 'text'] as const) {
    const value = own[name] ?? theme?.colors?.[name];
    if (typeof value === 'string') box.style.setProperty(`--beckon-${name}`, value);
  }
}

/**
 * The theme's name and logo for a header. A logo is taken only as an http(s) address or a path on
 * the site, so a `javascript:` or `data:` address never reaches an `<img>`.
 */
export function brandOf(theme: Theme | undefined, base: string): Brand {
  const name = typeof theme?.name === 'string' && theme.name.trim() ? theme.name.trim() : null;
  let logo: string | null = null;
  if (typeof theme?.logo === 'string') {
    try {
      const url = new URL(theme.logo, base);
      if (url.protocol === 'https:' || url.protocol === 'http:') logo = url.href;
    } catch {
      // Not an address at all: no logo.
    }
  }
  return { name, logo };
}
