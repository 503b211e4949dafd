// `npm run size`: every budgeted file against its budget (also run by `npm test`, where an overrun
// fails). See size/budgets.ts for how a chunk is charged.
import { writeFileSync } from 'node:fs';
import { KB, measureBudgets } from './size/budgets.ts';

let passed = 0;
let failed = 0;
for (const { file, limit, why, after, gzip, standalone, shared: count, ok } of measureBudgets()) {
  if (ok) passed++;
  else failed++;
  const shared = count > 0 ? ` (with ${count} shared chunk${count > 1 ? 's' : ''})` : '';
  const path = after.length
    ? ` after ${after.map((f) => f.replace('dist/chunks/', '')).join(', ')}, ${(standalone / KB).toFixed(2)} KB standalone`
    : '';
  console.log(
    `${ok ? 'ok  ' : 'OVER'} ${file}${shared}: ${(gzip / KB).toFixed(2)} KB gzip of ${limit / KB} KB${path} - ${why}`,
  );
}
if (process.env.SIZE_COUNTS)
  writeFileSync(process.env.SIZE_COUNTS, JSON.stringify({ passed, failed }));
process.exit(failed ? 1 : 0);
