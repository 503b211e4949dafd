import { defineConfig } from '@playwright/test';
import { chromiumArgs, executablePath } from './test/support/chromium.mjs';

// End-to-end: the built server (dist/server/main.mjs) on loopback, driven in real Chromium.
export default defineConfig({
  testDir: 'test/e2e',
  workers: 2,
  timeout: 90_000,
  reporter: [['list'], ['json', { outputFile: process.env.PW_COUNTS ?? 'test-results/e2e.json' }]],
  use: {
    browserName: 'chromium',
    launchOptions: { executablePath, args: chromiumArgs },
    trace: 'retain-on-failure',
  },
});
