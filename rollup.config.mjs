import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import replace from '@rollup/plugin-replace';
import terser from '@rollup/plugin-terser';
import esbuild from 'rollup-plugin-esbuild';

// Chunk names carry content hashes: start clean so no stale chunk is served.
rmSync('dist/chunks', { recursive: true, force: true });

// zod 4 trips these two warnings by design; they are harmless.
const onwarn = (warning, warn) => {
  if (warning.code === 'INVALID_ANNOTATION' || warning.code === 'CIRCULAR_DEPENDENCY') return;
  warn(warning);
};

/**
 * Writes `<file>.gz` (gzip -9) beside each browser file, which the server sends to browsers that
 * accept gzip (@fastify/static `preCompressed`): what a visitor downloads, compressed once at build.
 */
const precompress = {
  name: 'precompress',
  writeBundle(options, bundle) {
    const dir = options.dir ?? dirname(options.file);
    for (const name of Object.keys(bundle)) {
      if (!/\.(js|html)$/.test(name)) continue;
      const path = join(dir, name);
      writeFileSync(`${path}.gz`, gzipSync(readFileSync(path), { level: 9 }));
    }
  },
};

const browserPlugins = [
  replace({ preventAssignment: true, values: { 'process.env.NODE_ENV': '"production"' } }),
  // nanostores keeps its change counter on `globalThis.nanostoresGlobal`, to share it between copies
  // of itself on one page; Beckon adds no global but `_gt`, and its stores need no sharing.
  replace({
    include: /nanostores[\\/]atom[\\/]index\.js$/,
    delimiters: ['', ''],
    preventAssignment: false,
    values: { '(globalThis.nanostoresGlobal ||= { epoch: 0 })': '{ epoch: 0 }' },
  }),
  nodeResolve({ browser: true, extensions: ['.ts', '.tsx', '.mjs', '.js'] }),
  esbuild({ target: 'es2020', jsx: 'automatic', jsxImportSource: 'preact' }),
  precompress,
];

export default [
  // The snippet's script: the core tracker as one IIFE, no UI. Budget: 10 KB gzip (bench/size.mjs).
  {
    input: 'src/index.ts',
    output: {
      file: 'dist/beckon.js',
      format: 'iife',
      sourcemap: true,
      // module: false keeps terser from treating the IIFE's top level as module scope.
      plugins: [terser({ module: false, ecma: 2020, compress: { passes: 2 } })],
    },
    plugins: browserPlugins,
    onwarn,
  },
  // Chunks the core loads on demand: the engage logic (zod/mini validation, invitation lifecycle)
  // on the first notification, and from it the widgets. Budgets in bench/size.mjs.
  {
    input: {
      engage: 'src/engage/chunk.ts',
      dsl: 'src/monitor/dsl/chunk.ts',
      custom: 'src/engage/custom-content.ts',
      invitation: 'widgets/invitation/index.tsx',
      launcher: 'widgets/launcher/index.tsx',
      frame: 'widgets/frame/index.ts',
      gms: 'widgets/gms/index.ts',
      callback: 'widgets/gms/callback-flow.ts',
      inbox: 'widgets/inbox/index.ts',
      gwc: 'src/gwe/chat-widget.ts',
      'chat-popup': 'widgets/chat-popup/main.ts',
    },
    preserveEntrySignatures: 'allow-extension',
    output: {
      dir: 'dist/chunks',
      format: 'es',
      entryFileNames: '[name].js',
      chunkFileNames: 'shared-[hash].js',
      // Each chunk costs a request and its own gzip header: fold tiny shared ones into their users.
      experimentalMinChunkSize: 2000,
      sourcemap: true,
      plugins: [terser({ module: true, ecma: 2020, compress: { passes: 2 } })],
    },
    plugins: [
      ...browserPlugins,
      {
        name: 'chat-page',
        // chat.html, the chat's popup page, sits beside beckon.js and loads chunks/chat-popup.js.
        writeBundle() {
          copyFileSync('widgets/chat-popup/chat.html', 'dist/chat.html');
          writeFileSync(
            'dist/chat.html.gz',
            gzipSync(readFileSync('dist/chat.html'), { level: 9 }),
          );
        },
      },
    ],
    onwarn,
  },
  // The notification stream, which the core loads once it has started: a file of its own that
  // shares no chunk with those above (the few core helpers it uses are repeated in it), so their
  // chunking, and what the engage chunk costs, stay as they were.
  {
    input: 'src/notify/notifications.ts',
    output: {
      file: 'dist/chunks/stream.js',
      format: 'es',
      sourcemap: true,
      plugins: [terser({ module: true, ecma: 2020, compress: { passes: 2 } })],
    },
    plugins: browserPlugins,
    onwarn,
  },
  // For custom invitation pages (gpe.appendContent): context in, accept or reject out.
  {
    input: 'widgets/custom-invitation/helper.ts',
    output: {
      file: 'dist/beckon-custom-invitation.js',
      format: 'iife',
      sourcemap: true,
      plugins: [terser({ module: false, ecma: 2020 })],
    },
    plugins: browserPlugins,
    onwarn,
  },
  // The operator's page (/operator/): its script with uPlot, and uPlot's stylesheet beside it; no
  // page of the site loads either.
  {
    input: 'demo/operator/page.ts',
    output: {
      file: 'dist/operator/operator.js',
      format: 'es',
      sourcemap: true,
      plugins: [terser({ module: true, ecma: 2020 })],
    },
    plugins: [
      ...browserPlugins,
      {
        name: 'uplot-css',
        writeBundle() {
          copyFileSync('node_modules/uplot/dist/uPlot.min.css', 'dist/operator/uPlot.min.css');
        },
      },
    ],
    onwarn,
  },
  // The reference engagement server, bundled for `npm start`; its packages stay in node_modules.
  {
    input: 'server/main.ts',
    output: { file: 'dist/server/main.mjs', format: 'es', sourcemap: true },
    external: (id) =>
      id.startsWith('node:') ||
      builtinModules.includes(id) ||
      (/^[@a-z]/.test(id) && !id.startsWith('zod')),
    plugins: [
      nodeResolve({ extensions: ['.ts', '.mjs', '.js'], preferBuiltins: true }),
      esbuild({ target: 'node20' }),
    ],
    onwarn,
  },
];
