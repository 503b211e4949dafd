import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { buildPackage } from '../../scripts/package/pack.ts';
import { consumerProject, run, typecheck } from '../support/consumer.ts';

// The package as an integrator meets it: packed, installed into a fresh project, type-checked, and
// judged by publint and arethetypeswrong.

const root = new URL('../../', import.meta.url).pathname;
const bin = (name: string) => join(root, 'node_modules/.bin', name);
let tarball: string;
let consumer: string;

before(async () => {
  tarball = await buildPackage();
  consumer = consumerProject();
});
after(() => rmSync(consumer, { recursive: true, force: true }));

/** The file names in a .tgz (ustar: a name in the first 100 bytes of each 512-byte header). */
function tarNames(file: string): string[] {
  const tar = gunzipSync(readFileSync(file));
  const names: string[] = [];
  for (let at = 0; at + 512 <= tar.length; ) {
    const name = tar
      .subarray(at, at + 100)
      .toString('utf8')
      .replace(/\0.*$/s, '');
    if (!name) break;
    const size =
      Number.parseInt(
        tar
          .subarray(at + 124, at + 136)
          .toString('utf8')
          .trim(),
        8,
      ) || 0;
    names.push(name.replace(/^package\//, ''));
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return names;
}

test('the tarball holds what a site needs and nothing of the server, the tests or the demo', () => {
  const names = tarNames(tarball);
  for (const needed of [
    'package.json',
    'README.md',
    'LICENSE',
    'CHANGELOG.md',
    'index.js',
    'index.d.ts',
    'adapter.js',
    'adapter.d.ts',
    'protocol.d.ts',
    'global.d.ts',
    'types.d.ts',
    'browser/beckon.js',
    'browser/chat.html',
    'browser/beckon-custom-invitation.js',
    'browser/chunks/engage.js',
  ])
    assert.ok(names.includes(needed), `${needed} is missing from ${names.join(', ')}`);
  const stray = names.filter((name) =>
    /(^|\/)(server|test|bench|demo)\/|\.map$|\.gz$|\.ts$/.test(name.replace(/\.d\.ts$/, '')),
  );
  assert.deepEqual(stray, []);
  const manifest = JSON.parse(
    readFileSync(join(consumer, 'node_modules/beckon/package.json'), 'utf8'),
  );
  assert.equal(manifest.name, 'beckon');
  assert.equal(manifest.dependencies, undefined);
  assert.equal(manifest.private, undefined);
});

test('a site using every entry point type-checks against the installed package, and each marked mistake is caught', () => {
  const { ok, output } = typecheck(consumer);
  assert.ok(ok, output);
});

test('a type that stops catching a mistake fails the check', () => {
  const mistakes = join(consumer, 'src/mistakes.ts');
  const text = readFileSync(mistakes, 'utf8');
  try {
    // A mistake put right: its @ts-expect-error is now unused, which tsc reports.
    writeFileSync(mistakes, text.replace("push(['consent', 'yes']);", "push(['consent', true]);"));
    const { ok, output } = typecheck(consumer);
    assert.equal(ok, false);
    assert.match(output, /Unused '@ts-expect-error' directive/);
  } finally {
    writeFileSync(mistakes, text);
  }
});

test('publint finds nothing, not even a suggestion', () => {
  const { ok, output } = run(bin('publint'), [tarball, '--strict', '--level', 'suggestion'], root);
  assert.ok(ok, output);
  assert.match(output, /All good!/);
});

test('arethetypeswrong finds no problem for an ES-module package', () => {
  const { ok, output } = run(
    bin('attw'),
    [tarball, '--profile', 'esm-only', '--format', 'json'],
    root,
  );
  assert.ok(ok, output);
  const report = JSON.parse(output) as { analysis: { problems: unknown[] } };
  assert.deepEqual(
    report.analysis.problems.filter((p) => (p as { kind: string }).kind !== 'CJSResolvesToESM'),
    [],
  );
});

test('imported by a server renderer, the entry runs nothing; load rejects and push says why', async () => {
  const entry = (await import(
    join(consumer, 'node_modules/beckon/index.js')
  )) as typeof import('../../package/index.ts');
  const errors: unknown[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => errors.push(args.join(' '));
  try {
    entry.push(['event', 'Rendered']);
  } finally {
    console.error = original;
  }
  assert.deepEqual(errors, ['beckon: push() needs a browser; call it from client code']);
  await assert.rejects(entry.load({ endpoint: 'https://engage.example' }), /needs a browser/);
  assert.equal('window' in globalThis, false);
});
