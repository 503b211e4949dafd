// Size budgets (gzip -9 of minified output), as DESIGN.md sets them. Fails when one is exceeded.
import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const BUDGETS = [
  { file: 'dist/beckon.js', limit: 10 * 1024, why: 'core tracker: half of Matomo (21.9 KB)' },
];

let passed = 0;
let failed = 0;
for (const { file, limit, why } of BUDGETS) {
  const raw = readFileSync(file);
  const gzip = gzipSync(raw, { level: 9 }).length;
  const ok = gzip <= limit;
  if (ok) passed++;
  else failed++;
  console.log(
    `${ok ? 'ok  ' : 'OVER'} ${file}: ${(gzip / 1024).toFixed(2)} KB gzip of ${(limit / 1024).toFixed(0)} KB (${raw.length} B minified) - ${why}`,
  );
}
if (process.env.SIZE_COUNTS)
  writeFileSync(process.env.SIZE_COUNTS, JSON.stringify({ passed, failed }));
process.exit(failed ? 1 : 0);
