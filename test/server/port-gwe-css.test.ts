import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { portGweCss } from '../../scripts/port-gwe-css.ts';

/** A bank's GWE invitation branding, as such stylesheets are written. */
const GWE_CSS = `
/* Invitation */
.gpe-dialog { background: #002b5c; border-radius: 0; font-family: "Bank Sans", sans-serif; }
.gpe-dialog .gpe-dialog-titlebar { background: #00a3e0; color: #fff; }
body.dark-theme .gpe-dialog .gpe-dialog-titlebar .gpe-dialog-title { font-weight: 700; }
.gpe-dialog .gpe-dialog-titlebar-close { display: none; }
.gpe-dialog-buttonpane .gpe-dialog-buttonset button[type~=chat],
.gpe-dialog button[type="callback"] { background: #ffb81c !important; color: #002b5c; }
.gpe-dialog button[type~=cancel]:hover, .gpe-dialog button[type=close] { text-decoration: underline; }
.gpe-dialog button:focus-visible { outline: 3px solid #ffb81c; }
.gpe-dialog p:first-child { margin: 0; }
.gpe-dialog .gpe-dialog-content::before { content: "★ "; }
.site-header { background: red; }
@media (max-width: 600px) { .gpe-dialog { inline-size: 100%; } .nav { display: none; } }
@font-face { font-family: "Bank Sans"; src: url(bank.woff2); }
`;

describe("porting a site's GWE invitation stylesheet", () => {
  const { css, notPorted } = portGweCss(GWE_CSS);

  it('rewrites each GWE class and button type to the part that carries it', () => {
    for (const expected of [
      'beckon-invitation::part(gpe-dialog) { background: #002b5c;',
      'beckon-invitation::part(gpe-dialog-titlebar) { background: #00a3e0;',
      'body.dark-theme beckon-invitation::part(gpe-dialog-title) { font-weight: 700; }',
      'beckon-invitation::part(chat),\nbeckon-invitation::part(callback) { background: #ffb81c !important;',
      'beckon-invitation::part(cancel):hover,\nbeckon-invitation::part(cancel) { text-decoration: underline; }',
      'beckon-invitation::part(gpe-button):focus-visible { outline: 3px solid #ffb81c; }',
      'beckon-invitation::part(gpe-dialog-content)::before { content: "★ "; }',
    ])
      assert.ok(css.includes(expected), `missing: ${expected}\n---\n${css}`);
  });

  it('keeps media queries around what it ports and leaves the rest of the site alone', () => {
    assert.match(
      css,
      /@media \(max-width: 600px\) \{\n\s+beckon-invitation::part\(gpe-dialog\) \{ inline-size: 100%; \}\n\}/,
    );
    assert.doesNotMatch(css, /site-header|\.nav|font-face/);
  });

  it('lists what it cannot port, with the reason', () => {
    assert.deepEqual(
      notPorted.map((n) => n.selector),
      ['.gpe-dialog .gpe-dialog-titlebar-close', '.gpe-dialog p:first-child'],
    );
    assert.match(notPorted[0]?.reason ?? '', /no title-bar close button/);
    assert.match(notPorted[1]?.reason ?? '', /:first-child cannot follow ::part/);
  });
});

describe("the demo bank's stylesheet", () => {
  it('carries exactly what the command makes of its GWE rules', () => {
    const file = readFileSync(new URL('../../demo/gwe-bank/bank.css', import.meta.url), 'utf8');
    const marker = file.indexOf('/* ---- Ported for Beckon');
    assert.ok(marker > 0, 'bank.css has its ported section');
    const ported = file.slice(marker);
    assert.ok(ported.includes(portGweCss(file.slice(0, marker)).css), ported);
  });
});
