import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { join, relative, sep } from 'node:path';

/** An inline `<script>`: one without `src`, its text exactly as the browser hashes it. */
const INLINE_SCRIPT = /<script\b(?![^>]*\ssrc\s*=)[^>]*>([\s\S]*?)<\/script\s*>/gi;

/**
 * The CSP sources (`'sha256-…'`) of the inline scripts in each HTML page under `dir`, by the URL
 * path the page is served at (`/gwe-bank/accounts.html`, and `/gwe-bank/` for an index.html).
 * A GWE-era page carries GWE's snippet inline; the demo serves such a page as it was, so its own
 * scripts are allowed by hash, each exactly as written, and the CSP never needs 'unsafe-inline'.
 */
export function inlineScriptSources(dir: string): Map<string, string> {
  const sources = new Map<string, string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.html')) continue;
    const file = join(entry.parentPath, entry.name);
    const hashes = [...readFileSync(file, 'utf8').matchAll(INLINE_SCRIPT)].map(
      ([, text]) =>
        `'sha256-${createHash('sha256')
          .update(text ?? '')
          .digest('base64')}'`,
    );
    if (!hashes.length) continue;
    const path = `/${relative(dir, file).split(sep).join('/')}`;
    sources.set(path, hashes.join(' '));
    if (path.endsWith('/index.html'))
      sources.set(path.slice(0, -'index.html'.length), hashes.join(' '));
  }
  return sources;
}

/** The CSP directive function: the hashes of the page asked for, or nothing. */
export const scriptSourcesFor =
  (sources: ReadonlyMap<string, string>) =>
  (request: IncomingMessage): string =>
    sources.get((request.url ?? '').split(/[?#]/)[0] ?? '') ?? '';
