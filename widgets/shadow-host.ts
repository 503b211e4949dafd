const sheets = new Map<string, CSSStyleSheet>();

/**
 * A widget's own corner of the page: an element marked `data-beckon="<name>"` with an open shadow
 * root whose styles come from a constructable stylesheet (no <style> element, so no CSP
 * 'unsafe-inline'), built once per widget and shared by every mount.
 */
export function mountShadow(doc: Document, name: string, css: string) {
  const host = doc.createElement('div');
  host.setAttribute('data-beckon', name);
  const root = host.attachShadow({ mode: 'open' });
  let sheet = sheets.get(name);
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    sheets.set(name, sheet);
  }
  root.adoptedStyleSheets = [sheet];
  return { host, root, attach: () => doc.body.append(host), remove: () => host.remove() };
}
