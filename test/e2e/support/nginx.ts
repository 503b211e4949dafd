import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitUntilUp } from './servers.ts';

const root = new URL('../../../', import.meta.url).pathname;

/** nginx where Debian puts it (.ci/run installs it), or on the PATH; undefined without one. */
export function findNginx(): string | undefined {
  if (existsSync('/usr/sbin/nginx')) return '/usr/sbin/nginx';
  const found = spawnSync('sh', ['-c', 'command -v nginx'], { encoding: 'utf8' }).stdout.trim();
  return found || undefined;
}

/**
 * nginx running deploy/nginx.conf in front of `nodes`, with only the nodes' addresses and its
 * listening port changed, in a folder of its own.
 */
export async function nginxInFront(nodes: string[]) {
  const nginx = findNginx();
  if (!nginx) throw new Error('nginx is not installed');
  const prefix = mkdtempSync(join(tmpdir(), 'beckon-nginx-'));
  const port = await freePort();
  const servers = nodes
    .map((node) => `    server ${new URL(node).host} max_fails=1 fail_timeout=10s;`)
    .join('\n');
  const config = readFileSync(join(root, 'deploy/nginx.conf'), 'utf8')
    .replace(/( {4}server 10\.0\.0\.\d+:8080 [^\n]*\n)+/, `${servers}\n`)
    .replace(/listen 80;/, `listen 127.0.0.1:${port};`);
  writeFileSync(join(prefix, 'nginx.conf'), config);
  const child: ChildProcess = spawn(
    nginx,
    [
      '-p',
      prefix,
      '-c',
      join(prefix, 'nginx.conf'),
      '-g',
      `daemon off; pid ${join(prefix, 'nginx.pid')}; error_log ${join(prefix, 'error.log')};`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  child.stderr?.on('data', (chunk) => (log += chunk));
  const url = `http://127.0.0.1:${port}`;
  await waitUntilUp(
    `${url}/beckon.js`,
    child,
    () =>
      `${log}${existsSync(join(prefix, 'error.log')) ? readFileSync(join(prefix, 'error.log'), 'utf8') : ''}`,
  );
  return {
    url,
    close: async () => {
      if (child.exitCode === null && child.signalCode === null)
        await new Promise((resolve) => {
          child.once('exit', resolve);
          child.kill('SIGTERM');
        });
      rmSync(prefix, { recursive: true, force: true });
    },
  };
}
