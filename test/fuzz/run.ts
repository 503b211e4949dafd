// `npm run fuzz`: 10,000 generated requests over every route on each database (PGlite, and the
// PostgreSQL server named by TEST_DATABASE_URL), then generated commands and notifications in
// Chromium on hostile pages. A fresh seed each run unless FUZZ_SEED is set; any failure exits 1.
import { chromium } from '@playwright/test';
import { openPglite, openPostgres } from '../../server/store/db.ts';
import { migrate } from '../../server/store/migrations.ts';
import { engagementServer } from '../e2e/support/servers.ts';
import { chromiumArgs, executablePath } from '../support/chromium.mjs';
import { fuzzBrowser } from './browser.ts';
import { fuzzApp, fuzzServer } from './server.ts';

const runs = Number(process.env.FUZZ_RUNS ?? 10_000);
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
let failed = false;

const backends = [
  { name: 'PGlite', open: () => openPglite() },
  ...(process.env.TEST_DATABASE_URL
    ? [{ name: 'PostgreSQL', open: () => openPostgres(process.env.TEST_DATABASE_URL as string) }]
    : []),
];
console.log(`fuzz seed ${seed} (FUZZ_SEED=${seed} repeats this run)`);
for (const backend of backends) {
  const db = await backend.open();
  await migrate(db);
  const { server, world, close } = await fuzzApp(db);
  const base = await server.listen({ port: 0, host: '127.0.0.1' });
  const started = Date.now();
  const report = await fuzzServer(base, world, runs, seed);
  await close();
  await db.close();
  console.log(
    `server on ${backend.name}: ${report.requests} requests in ${((Date.now() - started) / 1000).toFixed(1)} s, ` +
      `${report.failures.length} 5xx or unanswered, ${report.shapeless.length} 4xx without the error shape; ` +
      `by status ${JSON.stringify(report.byStatus)}`,
  );
  for (const failure of [...report.failures, ...report.shapeless].slice(0, 20))
    console.log(`  ${failure.status} ${failure.method} ${failure.url} ${failure.body}`);
  if (report.failures.length || report.shapeless.length) failed = true;
}

// 10 fresh visits on the hostile page, 100 commands and 100 notifications each.
const pages = Math.max(1, Math.round(Number(process.env.FUZZ_BROWSER_RUNS ?? 1000) / 100));
const engine = await engagementServer({
  BECKON_RATE_LIMIT_ADDRESS: '100000000',
  BECKON_RATE_LIMIT_VISIT: '100000000',
});
const browser = await chromium.launch({ executablePath, args: chromiumArgs });
try {
  const report = await fuzzBrowser({
    browser,
    server: engine,
    pages,
    perPage: 100,
    seed,
  });
  console.log(
    `browser: ${report.pages} hostile pages, ${report.commands} commands, ${report.notifications} notifications delivered; ` +
      `${report.pageErrors.length} page exceptions, ${report.internalErrors.length} internal errors, ` +
      `${report.hiddenWidgets} hidden invitations, ${report.lostVisits} visits lost, ${report.deaf} pages deaf`,
  );
  for (const line of [...report.pageErrors, ...report.internalErrors].slice(0, 20))
    console.log(`  ${line}`);
  if (
    report.pageErrors.length ||
    report.internalErrors.length ||
    report.hiddenWidgets ||
    report.lostVisits ||
    report.deaf
  )
    failed = true;
} finally {
  await browser.close();
  await engine.dispose();
}
process.exit(failed ? 1 : 0);
