// Size budgets (gzip -9 of minified output), as DESIGN.md sets them, and the measure of each file.
// A chunk's size includes the shared chunks it imports statically: what loading it really costs.
// A chunk that only ever loads after others (`after`) is charged only what those did not bring;
// its standalone size is printed beside it.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildSync } from 'esbuild';

export const KB = 1024;
export const BUDGETS: Array<{
  file: string;
  limit: number;
  why: string;
  after?: string[];
  /** An npm entry: measured as a site's bundler leaves it (bundled, minified), not as shipped. */
  bundled?: boolean;
}> = [
  {
    file: 'dist/beckon.js',
    limit: 8 * KB,
    why: 'core: monitor, no UI, the stream a chunk of its own; well under half of Matomo (21.9 KB)',
  },
  {
    file: 'dist/chunks/stream.js',
    limit: 3 * KB,
    why: "the notification stream, shared by the visit's tabs, loaded once the core has started",
  },
  {
    file: 'dist/chunks/invitation.js',
    limit: 10 * KB,
    why: 'invitation overlay with Preact, shown on most pages that engage',
  },
  {
    file: 'dist/chunks/engage.js',
    limit: 12 * KB,
    why: 'zod/mini validation and the invitation lifecycle, loaded on the first notification',
  },
  {
    file: 'dist/chunks/dsl.js',
    limit: 3 * KB,
    why: "the DSL's checker, GWE's XML reader and triggers, loaded only by pages that name a DSL",
  },
  { file: 'dist/chunks/frame.js', limit: 3 * KB, why: 'frame media adapter' },
  {
    file: 'dist/chunks/custom.js',
    limit: 3 * KB,
    after: ['dist/chunks/engage.js'],
    why: "GWE's custom invitation pages (gpe.appendContent), loaded when a strategy sends one",
  },
  {
    file: 'dist/chunks/gms.js',
    limit: 20 * KB,
    after: ['dist/chunks/engage.js'],
    why: "chat: GMS adapter with the chat widget; Rocket.Chat's iframe app is ~480 KB",
  },
  {
    file: 'dist/chunks/callback.js',
    limit: 20 * KB,
    after: ['dist/chunks/engage.js', 'dist/chunks/gms.js'],
    why: 'callback widget, loaded by the gms adapter for voice scenarios',
  },
  {
    file: 'dist/chunks/inbox.js',
    limit: 20 * KB,
    after: ['dist/chunks/engage.js'],
    why: 'inbox adapter with the contact form, loaded when an inbox offer is accepted',
  },
  {
    file: 'dist/chunks/launcher.js',
    limit: 11 * KB,
    after: ['dist/chunks/engage.js'],
    why: 'the launcher, Preact and the conversation store (nanostores), loaded once the visit has had a conversation',
  },
  {
    file: 'dist/operator/operator.js',
    limit: 30 * KB,
    why: "the operator page's script with uPlot; only /operator/ loads it",
  },
  {
    file: 'dist/chunks/gwc.js',
    limit: 3 * KB,
    after: ['dist/chunks/engage.js'],
    why: "GWE's chat widget API (`_gwc`), mostly its warnings' words; only pages with `_gwc` load it",
  },
  {
    file: 'dist/beckon-custom-invitation.js',
    limit: 1 * KB,
    why: 'helper for custom invitation pages',
  },
  {
    file: 'dist/npm/index.js',
    limit: 1 * KB,
    bundled: true,
    why: "the npm package's load() and push() in a site's bundle (`npm run package` writes it)",
  },
];

/** What a site's bundler makes of an entry: bundled and minified, as gzip -9 bytes. */
function bundledGzip(file: string): number {
  const { outputFiles } = buildSync({
    entryPoints: [file],
    bundle: true,
    minify: true,
    format: 'esm',
    write: false,
  });
  return outputFiles.reduce((sum, out) => sum + gzipSync(out.contents, { level: 9 }).length, 0);
}

/** The file and every chunk it imports statically (`import … from "./x.js"`), each once. */
export function withImports(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const code = readFileSync(file, 'utf8');
  for (const [, path] of code.matchAll(/(?:from|import)\s*["'](\.\/[^"']+)["']/g))
    if (path) withImports(join(dirname(file), path), seen);
  return seen;
}

export const gzipOf = (files: readonly string[]) =>
  files.reduce((sum, part) => sum + gzipSync(readFileSync(part), { level: 9 }).length, 0);

/** Each budgeted file: what it costs on its load path, standalone, and whether it fits. */
export function measureBudgets() {
  return BUDGETS.map(({ file, limit, why, after = [], bundled }) => {
    if (bundled) {
      const gzip = bundledGzip(file);
      return { file, limit, why, after, gzip, standalone: gzip, shared: 0, ok: gzip <= limit };
    }
    const loaded = new Set(after.flatMap((earlier) => [...withImports(earlier)]));
    const all = [...withImports(file)];
    const files = all.filter((part) => !loaded.has(part));
    const gzip = gzipOf(files);
    return {
      file,
      limit,
      why,
      after,
      gzip,
      standalone: gzipOf(all),
      shared: files.length - 1,
      ok: gzip <= limit,
    };
  });
}
