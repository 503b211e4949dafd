// `npm run package`: the integrators' package, `dist/beckon-<version>.tgz`. Run after the build
// (`npm run package` builds first): it takes the browser files from dist/ as they are served.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { rollup } from 'rollup';
import esbuild from 'rollup-plugin-esbuild';
import { declarations, type Entry } from './declarations.ts';

const root = new URL('../../', import.meta.url).pathname;
const dist = join(root, 'dist');
const stage = join(dist, 'npm');
const app = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  version: string;
  description: string;
  license: string;
};

/** The entry points: `beckon`, `beckon/adapter`, `beckon/protocol` (types only). */
const ENTRIES: Entry[] = [
  { name: 'index', source: 'package/index.ts' },
  { name: 'adapter', source: 'package/adapter.ts' },
  { name: 'protocol', source: 'package/protocol.ts' },
];
/** What a self-hosting site serves: the files the engagement server serves, without maps or .gz. */
const BROWSER_FILES = ['beckon.js', 'beckon-custom-invitation.js', 'chat.html'];

const GLOBAL_DTS = `// Written by \`npm run package\`; do not edit.
// Types \`window._gt\` for a site that loads Beckon with the snippet: \`import type {} from 'beckon/global'\`
// once, or list "beckon/global" in tsconfig's \`types\`.
import type { Command, ListenCommand, ListenerName } from './types.js';

/** \`_gt\`: an array of commands until Beckon runs, then a queue that runs each one at once. */
export interface CommandQueue {
  push<N extends ListenerName>(command: ListenCommand<N>): unknown;
  push(...commands: Command[]): unknown;
}

declare global {
  interface Window {
    _gt?: CommandQueue;
  }
}
`;

function run(cmd: string, args: string[], cwd = root) {
  const result = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
  if (result.status !== 0)
    throw new Error(`${cmd} ${args.join(' ')} failed:\n${result.stdout}${result.stderr}`);
  return result.stdout;
}

export async function buildPackage(): Promise<string> {
  for (const file of BROWSER_FILES) readFileSync(join(dist, file)); // fails early, naming the file, when the build has not run
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });

  const bundle = await rollup({
    input: Object.fromEntries(ENTRIES.map((entry) => [entry.name, join(root, entry.source)])),
    plugins: [
      nodeResolve({ browser: true, extensions: ['.ts', '.mjs', '.js'] }),
      esbuild({ target: 'es2020' }),
    ],
    onwarn: (warning, warn) => {
      if (warning.code !== 'EMPTY_BUNDLE') warn(warning);
    },
  });
  await bundle.write({ dir: stage, format: 'es', chunkFileNames: 'shared/[name]-[hash].js' });
  await bundle.close();
  writeFileSync(join(stage, 'global.js'), 'export {};\n');

  for (const [file, text] of declarations(ENTRIES, root)) writeFileSync(join(stage, file), text);
  writeFileSync(join(stage, 'global.d.ts'), GLOBAL_DTS);

  const browser = join(stage, 'browser');
  mkdirSync(join(browser, 'chunks'), { recursive: true });
  for (const file of BROWSER_FILES) copyFileSync(join(dist, file), join(browser, file));
  for (const file of readdirSync(join(dist, 'chunks')).filter((name) => name.endsWith('.js')))
    copyFileSync(join(dist, 'chunks', file), join(browser, 'chunks', file));

  copyFileSync(join(root, 'package/README.md'), join(stage, 'README.md'));
  copyFileSync(join(root, 'LICENSE'), join(stage, 'LICENSE'));
  copyFileSync(join(root, 'CHANGELOG.md'), join(stage, 'CHANGELOG.md'));

  const entry = (name: string) => ({ types: `./${name}.d.ts`, default: `./${name}.js` });
  const manifest = {
    name: 'beckon',
    version: app.version,
    description: app.description,
    license: app.license,
    type: 'module',
    keywords: ['web engagement', 'chat', 'callback', 'genesys', 'gwe', 'gms', 'proactive'],
    sideEffects: false,
    exports: {
      '.': entry('index'),
      './adapter': entry('adapter'),
      './protocol': entry('protocol'),
      './global': entry('global'),
      './browser/*': './browser/*',
      './package.json': './package.json',
    },
    types: './index.d.ts',
  };
  writeFileSync(join(stage, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);

  // The declarations must stand on their own: checked as a site would, with no library check skipped.
  writeFileSync(
    join(stage, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        module: 'NodeNext',
        target: 'ES2022',
        lib: ['ES2022', 'DOM'],
        types: [],
      },
      include: ['*.d.ts'],
    }),
  );
  run(join(root, 'node_modules/.bin/tsc'), ['-p', stage]);
  rmSync(join(stage, 'tsconfig.json'));

  const packed = run('npm', ['pack', '--json', '--pack-destination', dist], stage);
  const [{ filename, size, entryCount }] = JSON.parse(packed) as [
    { filename: string; size: number; entryCount: number },
  ];
  console.log(`dist/${filename}: ${(size / 1024).toFixed(1)} KB, ${entryCount} files`);
  return join(dist, filename);
}

if (import.meta.url === `file://${process.argv[1]}`) await buildPackage();
