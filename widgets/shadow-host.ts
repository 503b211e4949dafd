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
 * stylesheet places as `.widget` (what `:host` would be, out of the page's reach).
 */
export function mountShadow(doc: Document, name: string, css: string) {
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
  return { host, box, attach: () => doc.body.append(host), remove: () => host.remove() };
}
