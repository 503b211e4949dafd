// The npm packages sites install to load an engagement widget, beside Beckon's: what each adds to a
// site's bundle (bundled and minified by esbuild, gzip -9), and what installing it brings. The peers
// come from the npm registry; Beckon from `npm run package`'s tarball.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildSync } from 'esbuild';

const root = new URL('../../', import.meta.url).pathname;
const version = (
  JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }
).version;

/** Each package with the few lines a site writes to start it. */
export const PACKAGES = [
  {
    name: 'Beckon',
    spec: join(root, 'dist', `beckon-${version}.tgz`),
    code: "import { load, push } from 'beckon';\npush(['event', 'AddToCart']);\nload({ endpoint: 'https://engage.example' });",
  },
  {
    name: 'Intercom',
    spec: '@intercom/messenger-js-sdk@0.0.20',
    code: "import Intercom from '@intercom/messenger-js-sdk';\nIntercom({ app_id: 'abc123' });",
  },
  {
    name: 'Crisp',
    spec: 'crisp-sdk-web@1.2.1',
    code: "import { Crisp } from 'crisp-sdk-web';\nCrisp.configure('abc123');",
  },
];
/** The same site without any widget: what every bundle has anyway. */
const BASELINE = "document.title = 'Shop';";

function must(cmd: string, args: string[], cwd: string) {
  const run = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${run.stdout}${run.stderr}`);
  return run.stdout;
}

const bundledGzip = (dir: string, code: string) => {
  writeFileSync(join(dir, 'site.js'), code);
  const { outputFiles } = buildSync({
    entryPoints: [join(dir, 'site.js')],
    bundle: true,
    minify: true,
    format: 'esm',
    write: false,
    absWorkingDir: dir,
  });
  return outputFiles.reduce((sum, out) => sum + gzipSync(out.contents, { level: 9 }).length, 0);
};

export async function packageBench() {
  const rows = [];
  for (const pkg of PACKAGES) {
    const dir = mkdtempSync(join(tmpdir(), 'beckon-bench-package-'));
    try {
      writeFileSync(join(dir, 'package.json'), '{"name":"site","private":true,"type":"module"}');
      must('npm', ['install', '--no-audit', '--no-fund', pkg.spec], dir);
      const [packed] = JSON.parse(must('npm', ['pack', '--dry-run', '--json', pkg.spec], dir)) as [
        { size: number; entryCount: number },
      ];
      const installed = readdirSync(join(dir, 'node_modules'), { recursive: true })
        .map(String)
        .filter((path) => path.endsWith('package.json') && !path.includes('/node_modules/'));
      const manifests = installed.map(
        (path) =>
          JSON.parse(readFileSync(join(dir, 'node_modules', path), 'utf8')) as { name?: string },
      );
      const name = pkg.spec.startsWith('/') ? 'beckon' : pkg.spec.replace(/@[^@]*$/, '');
      const own = manifests.find((m) => m.name === name) as { types?: string; typings?: string };
      rows.push({
        name: pkg.name,
        spec: pkg.spec.startsWith('/') ? `beckon@${version} (dist tarball)` : pkg.spec,
        bundleGzip: bundledGzip(dir, pkg.code),
        baselineGzip: bundledGzip(dir, BASELINE),
        tarball: packed.size,
        files: packed.entryCount,
        packages: new Set(manifests.map((m) => m.name).filter(Boolean)).size,
        typed: Boolean(own?.types ?? own?.typings),
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return { rows };
}
