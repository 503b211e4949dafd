// `npm run port-gwe-css -- site.css > beckon.css`: a site's GWE invitation rules, rewritten for
// Beckon's invitation, whose parts carry GWE's class names (`beckon-invitation::part(gpe-dialog)`).
// What cannot be ported is listed at the end of the output, with the reason.
import { readFileSync } from 'node:fs';

/** GWE's invitation classes and the parts of Beckon's invitation that carry them. */
const CLASS_PARTS: Record<string, string | null> = {
  'gpe-dialog': 'gpe-dialog',
  'gpe-dialog-titlebar': 'gpe-dialog-titlebar',
  'gpe-dialog-title': 'gpe-dialog-title',
  'gpe-dialog-content': 'gpe-dialog-content',
  'gpe-dialog-buttonpane': 'gpe-dialog-buttonpane',
  'gpe-dialog-buttonset': 'gpe-dialog-buttonset',
  // Beckon's invitation closes with Escape or its decline button (part `cancel`), not a title-bar ×.
  'gpe-dialog-titlebar-close': null,
};
/** GWE's button `type`s; a close button is Beckon's decline. */
const BUTTON_PARTS: Record<string, string> = {
  chat: 'chat',
  callback: 'callback',
  cancel: 'cancel',
  close: 'cancel',
};
/** What may follow `::part()`: states a person causes, and generated content. */
const KEPT_PSEUDOS = /^(:hover|:focus|:focus-visible|:focus-within|:active|::before|::after)$/;

export interface Ported {
  css: string;
  notPorted: Array<{ selector: string; reason: string }>;
}

/** Splits at top-level commas (not inside `(…)` or `[…]`). */
function splitTop(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === separator && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((part) => part.trim()).filter(Boolean);
}

/** The selector as compounds: `body.dark .gpe-dialog > button` → ['body.dark', '.gpe-dialog', 'button']. */
const compounds = (selector: string) =>
  selector
    .replace(/\s*([>+]|~(?!=))\s*/g, ' ')
    .split(/\s+(?![^[]*\])/)
    .filter(Boolean);

function portSelector(selector: string): { selector: string } | { reason: string } | null {
  if (!/gpe-/.test(selector)) return null;
  const all = compounds(selector);
  const firstGwe = all.findIndex((compound) => compound.includes('gpe-'));
  const context = all.slice(0, firstGwe);
  const last = all.at(-1) ?? '';
  const pseudos = last.match(/::?[a-z-]+(\([^)]*\))?/g) ?? [];
  const bare = pseudos.reduce((rest, pseudo) => rest.replace(pseudo, ''), last);
  const unkept = pseudos.filter((pseudo) => !KEPT_PSEUDOS.test(pseudo));
  if (unkept.length) return { reason: `${unkept.join(' ')} cannot follow ::part()` };
  const type = /\[type[~|^$*]?=["']?([a-z-]+)["']?\]/.exec(bare)?.[1];
  let part: string | null | undefined;
  if (type) {
    part = BUTTON_PARTS[type];
    if (!part) return { reason: `no button of type "${type}" in Beckon's invitation` };
  } else {
    const classes = [...bare.matchAll(/\.([\w-]+)/g)].map((m) => m[1] as string);
    const known = classes.filter((name) => name in CLASS_PARTS);
    if (known.length === 0) {
      if (/^button\b/.test(bare)) part = 'gpe-button';
      else
        return {
          reason: `"${last}" is inside the invitation but is none of its parts (${Object.values(
            CLASS_PARTS,
          )
            .filter(Boolean)
            .join(', ')}, the buttons)`,
        };
    } else {
      part = CLASS_PARTS[known.at(-1) as string];
      if (part === null)
        return {
          reason:
            "Beckon's invitation has no title-bar close button: Escape and the decline button (::part(cancel)) close it",
        };
    }
  }
  return {
    selector: [...context, `beckon-invitation::part(${part})${pseudos.join('')}`].join(' '),
  };
}

/** Rewrites the GWE invitation rules of `css`; everything else in it is left out. */
export function portGweCss(css: string): Ported {
  const notPorted: Ported['notPorted'] = [];
  const walk = (text: string): string => {
    let out = '';
    let i = 0;
    while (i < text.length) {
      const open = text.indexOf('{', i);
      if (open < 0) break;
      const prelude = text.slice(i, open).trim();
      // The block's end: its matching brace.
      let depth = 1;
      let j = open + 1;
      for (; j < text.length && depth > 0; j++) {
        if (text[j] === '{') depth++;
        else if (text[j] === '}') depth--;
      }
      const body = text.slice(open + 1, j - 1);
      i = j;
      if (prelude.startsWith('@media') || prelude.startsWith('@supports')) {
        const inner = walk(body);
        if (inner) out += `${prelude} {\n${inner.replace(/^/gm, '  ')}\n}\n`;
        continue;
      }
      if (prelude.startsWith('@')) continue;
      const ported: string[] = [];
      for (const selector of splitTop(prelude, ',')) {
        const result = portSelector(selector);
        if (result === null) continue;
        if ('reason' in result) notPorted.push({ selector, reason: result.reason });
        else ported.push(result.selector);
      }
      if (ported.length) out += `${ported.join(',\n')} {${body}}\n`;
    }
    return out.trim();
  };
  return { css: walk(css.replace(/\/\*[\s\S]*?\*\//g, '')), notPorted };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: npm run port-gwe-css -- <your GWE stylesheet.css> > beckon.css');
    process.exit(1);
  }
  const { css, notPorted } = portGweCss(readFileSync(file, 'utf8'));
  const report = notPorted.map(({ selector, reason }) => `   ${selector}: ${reason}`).join('\n');
  console.log(
    `${css}\n${notPorted.length ? `\n/* Not ported (${notPorted.length}):\n${report}\n*/` : ''}`,
  );
}
