const sheets = new Map<string, CSSStyleSheet>();

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
 * constructable stylesheet (no <style> element, so no CSP 'unsafe-inline'), built once per widget
 * and shared by every mount. The widget lives in `box`, the shadow root's one element, which its
 * stylesheet places as `.widget` (what `:host` would be, out of the page's reach).
 */
export function mountShadow(doc: Document, name: string, css: string) {
  const host = doc.createElement(`beckon-${name}`);
  host.setAttribute('data-beckon', name);
  for (const [property, value] of RESET) host.style.setProperty(property, value, 'important');
  const root = host.attachShadow({ mode: 'open' });
  let sheet = sheets.get(name);
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    sheets.set(name, sheet);
  }
  root.adoptedStyleSheets = [sheet];
  const box = doc.createElement('div');
  box.className = 'widget';
  root.append(box);
  return { host, box, attach: () => doc.body.append(host), remove: () => host.remove() };
}
