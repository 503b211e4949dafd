import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { chromiumArgs, executablePath } from './test/support/chromium.mjs';
import { countingReporter } from './test/support/wtr-counts.mjs';

// Unit tests of the browser runtime, in real headless Chromium.
export default {
  files: ['test/unit/**/*.test.ts'],
  nodeResolve: { browser: true },
  concurrency: 2,
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: { executablePath, headless: true, args: chromiumArgs },
    }),
  ],
  plugins: [
    esbuildPlugin({
      ts: true,
      tsx: true,
      js: true,
      target: 'es2022',
      tsconfig: 'tsconfig.json',
      define: { 'process.env.NODE_ENV': '"development"' },
    }),
  ],
  testFramework: { config: { timeout: 10000 } },
  reporters: [defaultReporter(), countingReporter()],
};
