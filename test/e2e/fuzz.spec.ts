import { expect, test } from '@playwright/test';
import { fuzzBrowser } from '../fuzz/browser.ts';
import { engagementServer } from './support/servers.ts';

// A short run of `npm run fuzz`'s browser part (which makes 1,000 commands and 1,000 notifications).
test('generated commands and notifications on a hostile page: no exception, no hidden invitation, no lost visit', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const server = await engagementServer();
  try {
    const report = await fuzzBrowser({
      browser,
      server,
      pages: 2,
      perPage: 60,
      seed: 20261202,
    });
    expect(report.commands).toBe(120);
    expect(report.notifications).toBeGreaterThan(60);
    expect(report.pageErrors).toEqual([]);
    expect(report.internalErrors).toEqual([]);
    expect(report.hiddenWidgets).toBe(0);
    expect(report.lostVisits).toBe(0);
    expect(report.deaf).toBe(0);
  } finally {
    await server.dispose();
  }
});
