import { writeFileSync } from 'node:fs';

/** Writes `{passed, failed}` for scripts/test.mjs's summary line when WTR_COUNTS names a file. */
export function countingReporter() {
  return {
    onTestRunFinished({ sessions }) {
      const target = process.env.WTR_COUNTS;
      if (!target) return;
      let passed = 0;
      let failed = 0;
      const walk = (suite) => {
        for (const test of suite?.tests ?? []) {
          if (test.skipped) continue;
          if (test.passed) passed++;
          else failed++;
        }
        for (const child of suite?.suites ?? []) walk(child);
      };
      for (const session of sessions) {
        walk(session.testResults);
        // A file that failed to load has no test results but must count as a failure.
        if (
          !session.passed &&
          !session.testResults?.tests?.length &&
          !session.testResults?.suites?.length
        )
          failed++;
      }
      writeFileSync(target, JSON.stringify({ passed, failed }));
    },
  };
}
