// Size budgets (gzip -9 of minified output), as DESIGN.md sets them. Fails when one is exceeded.
// A chunk's size includes the shared chunks it imports statically: what loading it really costs.
// A chunk that only ever loads after others (`after`) is charged only what those did not bring;
// its standalone size is printed beside it.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';

const KB = 1024;
const BUDGETS = [
  {
    file: 'dist/beckon.js',
    limit: 10 * KB,
    why: 'core: monitor + notification stream, no UI; half of Matomo (21.9 KB)',
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
  { file: 'dist/chunks/frame.js', limit: 3 * KB, why: 'frame media adapter' },
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
    file: 'dist/beckon-custom-invitation.js',
    limit: 1 * KB,
    why: 'helper for custom invitation pages',
  },
];

/** The file and every chunk it imports statically (`import … from "./x.js"`), each once. */
function withImports(file, seen = new Set()) {
  if (seen.has(file)) return seen;
  seen.add(file);
  const code = readFileSync(file, 'utf8');
  for (const [, path] of code.matchAll(/(?:from|import)\s*["'](\.\/[^"']+)["']/g))
    withImports(join(dirname(file), path), seen);
  return seen;
}

const gzipOf = (files) =>
  files.reduce((sum, part) => sum + gzipSync(readFileSync(part), { level: 9 }).length, 0);

let passed = 0;
let failed = 0;
for (const { file, limit, why, after = [] } of BUDGETS) {
  const loaded = new Set(after.flatMap((earlier) => [...withImports(earlier)]));
  const all = [...withImports(file)];
  const files = all.filter((part) => !loaded.has(part));
  const gzip = gzipOf(files);
  const ok = gzip <= limit;
  if (ok) passed++;
  else failed++;
  const shared =
    files.length > 1
      ? ` (with ${files.length - 1} shared chunk${files.length > 2 ? 's' : ''})`
      : '';
  const path = after.length
    ? ` after ${after.map((f) => f.replace('dist/chunks/', '')).join(', ')}, ${(gzipOf(all) / KB).toFixed(2)} KB standalone`
    : '';
  console.log(
    `${ok ? 'ok  ' : 'OVER'} ${file}${shared}: ${(gzip / KB).toFixed(2)} KB gzip of ${limit / KB} KB${path} - ${why}`,
  );
}
if (process.env.SIZE_COUNTS)
  writeFileSync(process.env.SIZE_COUNTS, JSON.stringify({ passed, failed }));
process.exit(failed ? 1 : 0);
