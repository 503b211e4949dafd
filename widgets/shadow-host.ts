/** Constructable stylesheets by their text: built once, adopted by every mount that uses them. */
const sheets = new Map<string, CSSStyleSheet>();

/**
 * Where a floating widget sits (its box carries `data-position`): a corner, 16px in, or the
 * centre. Logical properties, so `bottom-right` is the reading end in a right-to-left page too.
 */
export const PLACEMENT_CSS = `
.widget { position: fixed; z-index: 2147483000; inset-block-end: 16px; inset-inline-end: 16px; }
.widget[data-position="bottom-left"] { inset-inline-end: auto; inset-inline-start: 16px; }
.widget[data-position="top-right"] { inset-block-end: auto; inset-block-start: 16px; }
.widget[data-position="top-left"] { inset-block-end: auto; inset-block-start: 16px; inset-inline-end: auto; inset-inline-start: 16px; }
.widget[data-position="center"] { inset: 50% auto auto 50%; transform: translate(-50%, -50%); }
`;

/**
 * A panel minimised to the launcher is `hidden` (its own `all: initial` would undo the browser's
 * rule for it). A panel on a phone. Its fields are 16 px at any width, since iOS zooms the page into a field
 * whose text is smaller. Under 600 px wide a panel (its box marked `data-fill`) is the screen:
 * edge to edge, clear of the notch and the home indicator (safe-area insets), and only as tall as
 * the visual viewport, so the on-screen keyboard does not cover the composer (`followViewport`).
 */
export const FILL_CSS = `
.widget[hidden] { display: none; }
.widget :is(input, textarea, select) { font-size: 16px; }
@media (max-width: 599.98px) {
  .widget[data-fill] { inset: var(--beckon-viewport-top, 0px) 0 auto 0; transform: none; inline-size: auto;
    max-inline-size: none; block-size: var(--beckon-viewport-height, 100dvh); box-sizing: border-box;
    padding: env(safe-area-inset-top) env(safe-area-inset-right) env(safe-area-inset-bottom) env(safe-area-inset-left); }
  .widget[data-fill] .panel { border: 0; border-radius: 0; box-shadow: none; }
}
`;

type Viewport = Pick<
  VisualViewport,
  'height' | 'offsetTop' | 'addEventListener' | 'removeEventListener'
>;

/**
 * Keeps the visual viewport's top and height on `box` as custom properties: the part of the page
 * the visitor sees, which the on-screen keyboard shrinks (and scrolls, on iOS) without changing
 * the layout viewport that `position: fixed` and `vh` follow. Returns how to stop.
 */
export function followViewport(box: HTMLElement, viewport: Viewport | null | undefined) {
  if (!viewport) return () => {};
  const follow = () => {
    box.style.setProperty('--beckon-viewport-top', `${viewport.offsetTop}px`);
    box.style.setProperty('--beckon-viewport-height', `${viewport.height}px`);
  };
  follow();
  viewport.addEventListener('resize', follow);
  viewport.addEventListener('scroll', follow);
  return () => {
    viewport.removeEventListener('resize', follow);
    viewport.removeEventListener('scroll', follow);
  };
}

/**
 * What the host element holds against the page's CSS: set inline with `!important`, which beats
 * any stylesheet rule, `!important` ones on `*` or `body > *` included; set through CSSOM, which a
 * CSP without 'unsafe-inline' allows. `display: contents` leaves the host no box for the page to
 * hide, move, shrink or fade, and `all: initial` stops what the page would pass down by inheritance.
 */
const RESET: ReadonlyArray<readonly [string, string]> = [
  ['all', 'initial'],
  ['display', 'contents'],
];

/**
 * A widget's own corner of the page: a `<beckon-…>` element (no page rule for `div` or `aside`
 * matches it), marked `data-beckon="<name>"`, with an open shadow root whose styles come from a
 * constructable stylesheet (no <style> element, so no CSP 'unsafe-inline'), built once per text
 * and shared by every mount. The widget lives in `box`, the shadow root's one element, which its
 * stylesheet places as `.widget` (what `:host` would be, out of the page's reach). A panel (`fill`)
 * fills a phone's screen, with FILL_CSS in its stylesheet.
 */
export function mountShadow(
  doc: Document,
  name: string,
  css: string,
  options: { fill?: boolean } = {},
) {
  const host = doc.createElement(`beckon-${name}`);
  host.setAttribute('data-beckon', name);
  for (const [property, value] of RESET) host.style.setProperty(property, value, 'important');
  const root = host.attachShadow({ mode: 'open' });
  let sheet = sheets.get(css);
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    sheets.set(css, sheet);
  }
  root.adoptedStyleSheets = [sheet];
  const box = doc.createElement('div');
  box.className = 'widget';
  root.append(box);
  let unfollow = () => {};
  if (options.fill) box.setAttribute('data-fill', '');
  return {
    host,
    box,
    attach: () => {
      doc.body.append(host);
      if (options.fill) unfollow = followViewport(box, doc.defaultView?.visualViewport);
    },
    remove: () => {
      unfollow();
      host.remove();
    },
  };
}
