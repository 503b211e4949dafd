import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// A site's project on a fresh machine: the packed `beckon` installed from its tarball (it has no
// dependencies, so no registry is asked), the booking example's sources and the tests' own files.

const root = new URL('../../', import.meta.url).pathname;
const version = (
  JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }
).version;
export const tarball = join(root, 'dist', `beckon-${version}.tgz`);
const bin = (name: string) => join(root, 'node_modules/.bin', name);

export function run(cmd: string, args: string[], cwd: string) {
  const result = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
}

function must(cmd: string, args: string[], cwd: string) {
  const result = run(cmd, args, cwd);
  if (!result.ok) throw new Error(`${cmd} ${args.join(' ')} failed:\n${result.output}`);
  return result.output;
}

/** Packs the package unless it was packed since the last build (`npm test` packs before e2e). */
export function ensureTarball(): string {
  const built = statSync(join(root, 'dist/beckon.js')).mtimeMs;
  if (!existsSync(tarball) || statSync(tarball).mtimeMs < built)
    must('node', ['--import', 'tsx', 'scripts/package/pack.ts'], root);
  return tarball;
}

/** A fresh project with `beckon` installed from the tarball and the example's sources in `src/`. */
export function consumerProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'beckon-consumer-'));
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
  );
  must('npm', ['install', '--offline', '--no-audit', '--no-fund', ensureTarball()], dir);
  const example = join(root, 'examples/booking-adapter');
  cpSync(join(example, 'src'), join(dir, 'src'), { recursive: true });
  cpSync(join(example, 'tsconfig.json'), join(dir, 'tsconfig.json'));
  for (const file of ['index.html', 'booking.html', 'booking.js'])
    cpSync(join(example, file), join(dir, file));
  // A site's own files using every entry point, and the mistakes its types must catch.
  cpSync(join(root, 'test/package/site'), join(dir, 'src'), { recursive: true });
  return dir;
}

/** Type-checks the project as the site would, with our TypeScript. */
export const typecheck = (dir: string) => run(bin('tsc'), ['-p', 'tsconfig.json'], dir);

/** Bundles `src/main.ts` as a site's bundler would: minified ES modules, the kit split off. */
export function bundle(dir: string): string {
  mkdirSync(join(dir, 'dist'), { recursive: true });
  must(
    bin('esbuild'),
    ['src/main.ts', '--bundle', '--format=esm', '--splitting', '--minify', '--outdir=dist'],
    dir,
  );
  return join(dir, 'dist');
}
