// `npm test`: every check in order, stopping at the first failure, then one line `N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findChromium } from '../test/support/find-chromium.mjs';

const scratch = mkdtempSync(join(tmpdir(), 'beckon-test-'));
const counts = (name) => join(scratch, `${name}.json`);

/** Each step: the command, and how to count its passes and failures from what it left behind. */
const steps = [
  { name: 'typecheck', cmd: ['npx', 'tsc', '--noEmit', '-p', 'tsconfig.json'] },
  { name: 'lint', cmd: ['npx', 'biome', 'check', '.'] },
  {
    name: 'unit',
    cmd: ['npx', 'web-test-runner'],
    env: { WTR_COUNTS: counts('unit') },
    read: readJsonCounts,
  },
  {
    name: 'server',
    cmd: [
      'node',
      '--import',
      'tsx',
      '--test',
      // Two files at once, as the machine has two cores; each has its own database (helpers.ts).
      '--test-concurrency=2',
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=tap',
      `--test-reporter-destination=${counts('server')}`,
      ...serverTests(),
    ],
    read: readTapCounts,
  },
  { name: 'build', cmd: ['npx', 'rollup', '-c', '--silent'] },
  {
    // Packs the npm package from the build (scripts/package/pack.ts), installs it into a fresh
    // project and checks it as an integrator would; e2e then runs that project in Chromium.
    name: 'package',
    cmd: [
      'node',
      '--import',
      'tsx',
      '--test',
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=tap',
      `--test-reporter-destination=${counts('package')}`,
      'test/package/package.test.ts',
    ],
    read: readTapCounts,
  },
  {
    name: 'e2e',
    cmd: ['npx', 'playwright', 'test'],
    env: { PW_COUNTS: counts('e2e') },
    read: readPlaywrightCounts,
  },
  {
    name: 'size',
    cmd: ['node', '--import', 'tsx', 'bench/size.ts'],
    env: { SIZE_COUNTS: counts('size') },
    read: readJsonCounts,
  },
];

function serverTests() {
  const dir = 'test/server';
  return spawnSync('ls', [dir], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter((file) => file.endsWith('.test.ts'))
    .map((file) => `${dir}/${file}`);
}

function readJsonCounts(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

function readTapCounts(file) {
  const tap = readFileSync(file, 'utf8');
  const number = (key) => Number(new RegExp(`^# ${key} (\\d+)$`, 'm').exec(tap)?.[1] ?? 0);
  return { passed: number('pass'), failed: number('fail') + number('cancelled') };
}

function readPlaywrightCounts(file) {
  const { stats } = JSON.parse(readFileSync(file, 'utf8'));
  return { passed: stats.expected + stats.flaky, failed: stats.unexpected };
}

// The browser steps need Chromium: found (or installed where allowed) once, for every step.
const browser = await findChromium();
if (browser.error) {
  console.error(browser.error);
  process.exit(1);
}
console.log(`Chromium from ${browser.how}: ${browser.path}`);
process.env.CHROMIUM_PATH = browser.path;

let passed = 0;
let failed = 0;
for (const step of steps) {
  console.log(`\n▶ ${step.name}: ${step.cmd.join(' ')}`);
  const started = Date.now();
  const run = spawnSync(step.cmd[0], step.cmd.slice(1), {
    stdio: 'inherit',
    env: { ...process.env, ...step.env },
  });
  let result = { passed: run.status === 0 ? 1 : 0, failed: run.status === 0 ? 0 : 1 };
  if (step.read) {
    try {
      result = step.read(counts(step.name));
    } catch {
      // No counts file: the step died before reporting; its exit status decides.
    }
    if (run.status !== 0 && result.failed === 0) result.failed = 1;
  }
  passed += result.passed;
  failed += result.failed;
  console.log(
    `◀ ${step.name}: ${result.passed} passed, ${result.failed} failed (${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
  if (run.status !== 0) break;
}
rmSync(scratch, { recursive: true, force: true });
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
