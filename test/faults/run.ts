// `npm run faults`: the server against a PostgreSQL server through a fault proxy (test/faults/
// suite.ts): the one DATABASE_URL (or TEST_DATABASE_URL) names, else one of its own from this
// machine's binaries. Prints each fault's row; exits 1 if anything but the recovery time is not 0.
import { ownPostgres } from '../support/postgres-server.ts';
import { type FaultReport, runFaults } from './suite.ts';

const holdMs = Number(process.env.FAULT_HOLD_MS ?? 3000);
const given = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const own = given ? null : await ownPostgres();
if (own && 'missing' in own) {
  console.log(`faults: skipped, ${own.missing}; set DATABASE_URL to a PostgreSQL server`);
  process.exit(0);
}
const url = given ?? (own as { url: string }).url;
try {
  const report = await runFaults({ databaseUrl: url, holdMs, log: (line) => console.log(line) });
  console.log(table(report, given ? 'DATABASE_URL' : 'PostgreSQL of its own', holdMs));
  process.exit(failed(report) ? 1 : 0);
} finally {
  if (own && !('missing' in own)) await own.dispose();
}

/** Whether anything went wrong that must not: all but the recovery time are 0, the stop clean. */
export function failed(report: FaultReport): boolean {
  return (
    report.rows.some((row) => row.exits || row.errors || row.hangs || row.recoveryMs === null) ||
    report.lost > 0 ||
    report.doubled > 0 ||
    report.streamLost > 0 ||
    report.stop.code !== 0 ||
    report.stop.ms > 10_000
  );
}

function table(report: FaultReport, database: string, hold: number) {
  const lines = [
    `\nFaults against ${database}, each held ${hold / 1000} s, 8 callers and a stream:\n`,
    '| fault | requests | exits | 5xx but 503, unanswered | over 1 s | slowest | 503 | serves again after |',
    '|---|---|---|---|---|---|---|---|',
    ...report.rows.map(
      (row) =>
        `| ${row.fault} | ${row.requests} | ${row.exits} | ${row.errors} | ${row.hangs} | ${row.slowestMs} ms | ${row.refusals} | ${row.recoveryMs === null ? 'never' : `${row.recoveryMs} ms`} |`,
    ),
    '',
    `acknowledged events: ${report.acknowledged}, lost ${report.lost}, doubled ${report.doubled}; ` +
      `notifications accepted: ${report.notified}, lost to the stream ${report.streamLost}; ` +
      `SIGTERM under load: exit ${report.stop.code} after ${report.stop.ms} ms`,
  ];
  return lines.join('\n');
}
