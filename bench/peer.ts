// The peer the benchmarks measure Beckon against: Rocket.Chat Livechat, the widget as published on
// the npm registry, unpacked once into bench/.peer/ (ignored by git) and served from its build/.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export const PEER = { name: 'Rocket.Chat Livechat', spec: '@rocket.chat/livechat@1.13.3' };

const folder = new URL('./.peer/livechat-1.13.3/', import.meta.url).pathname;

/** The peer's build/ folder, fetched from the registry the first time. */
export function peerBuild() {
  const build = join(folder, 'package', 'build');
  if (existsSync(join(build, 'rocketchat-livechat.min.js'))) return build;
  mkdirSync(folder, { recursive: true });
  const tarball =
    execFileSync('npm', ['pack', PEER.spec, '--pack-destination', folder, '--silent'], {
      encoding: 'utf8',
    })
      .trim()
      .split('\n')
      .at(-1) ?? '';
  execFileSync('tar', ['xzf', join(folder, tarball), '-C', folder]);
  // Served as a production server would (and as Beckon's build is): gzip -9 beside each file.
  for (const name of readdirSync(build))
    if (/\.(js|css|html)$/.test(name))
      writeFileSync(
        join(build, `${name}.gz`),
        gzipSync(readFileSync(join(build, name)), { level: 9 }),
      );
  return build;
}
