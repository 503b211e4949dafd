import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../e2e/support/servers.ts';

/**
 * A PostgreSQL server of the test's own, from the binaries on this machine (Debian's
 * /usr/lib/postgresql/N/bin, or `postgres` on PATH), in a fresh folder: a test may stop and start
 * it without touching the database every other test shares. Root may not run PostgreSQL: as root,
 * it runs as the `postgres` user the package made. Where it cannot run, `missing` says why.
 */
export async function ownPostgres(): Promise<OwnPostgres | { missing: string }> {
  const bin = binaries();
  if (!bin) return { missing: 'no PostgreSQL server binaries (initdb, postgres) on this machine' };
  const asRoot = userInfo().uid === 0;
  const owner = asRoot ? postgresUser() : null;
  if (asRoot && !owner) return { missing: 'running as root, and there is no postgres user' };
  const dir = mkdtempSync('/tmp/beckon-pg-');
  if (owner) {
    chownSync(dir, owner.uid, owner.gid);
    chmodSync(dir, 0o700);
  }
  const as = (command: string, args: string[]): [string, string[]] =>
    owner
      ? [
          'setpriv',
          [
            `--reuid=${owner.uid}`,
            `--regid=${owner.gid}`,
            '--init-groups',
            '--reset-env',
            command,
            ...args,
          ],
        ]
      : [command, args];
  const data = join(dir, 'data');
  const [initdb, initdbArgs] = as(join(bin, 'initdb'), [
    '-D',
    data,
    '-U',
    'beckon',
    '--auth=trust',
    '-E',
    'UTF8',
  ]);
  execFileSync(initdb, initdbArgs, { stdio: 'ignore' });
  const port = await freePort();
  let server: ChildProcess | null = null;
  let log = '';

  const start = async () => {
    const [postgres, args] = as(join(bin, 'postgres'), [
      '-D',
      data,
      '-p',
      String(port),
      '-k',
      dir,
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'fsync=off',
    ]);
    const child = spawn(postgres, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr?.on('data', (chunk) => {
      log += chunk;
    });
    server = child;
    const deadline = Date.now() + 30_000;
    while (!/ready to accept connections/.test(log)) {
      if (child.exitCode !== null || Date.now() > deadline)
        throw new Error(`PostgreSQL did not start:\n${log}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    log = '';
  };

  /** Fast shutdown, as `pg_ctl stop` does: sessions are told, then their connections close. */
  const stop = async () => {
    const child = server;
    server = null;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    await exited;
  };

  await start();
  return {
    url: `postgres://beckon@127.0.0.1:${port}/postgres`,
    start,
    stop,
    dispose: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface OwnPostgres {
  url: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  dispose(): Promise<void>;
}

function binaries() {
  const debian = '/usr/lib/postgresql';
  const versions = existsSync(debian)
    ? readdirSync(debian)
        .filter((v) => existsSync(join(debian, v, 'bin', 'postgres')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions[0]) return join(debian, versions[0], 'bin');
  try {
    const initdb = execFileSync('which', ['initdb'], { encoding: 'utf8' }).trim();
    return initdb ? join(initdb, '..') : null;
  } catch {
    return null;
  }
}

function postgresUser() {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
    return { uid, gid };
  } catch {
    return null;
  }
}
