import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { freePort, waitUntilUp } from '../e2e/support/servers.ts';
import { ownSchema } from './helpers.ts';

// BECKON_WORKERS=N on one machine: N server processes sharing the port and the PostgreSQL server,
// watched by one that starts a new one when one dies and stops them all on SIGTERM.

const root = new URL('../../', import.meta.url).pathname;
const url = process.env.TEST_DATABASE_URL;

describe('BECKON_WORKERS', { skip: url ? false : 'needs TEST_DATABASE_URL' }, () => {
  it('runs that many processes, replaces one that is killed, and stops them all on SIGTERM', async () => {
    const scope = await ownSchema(url as string);
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'server/main.ts')], {
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
        DATABASE_URL: scope.url,
        BECKON_WORKERS: '2',
        BECKON_INBOX: 'off',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    child.stdout?.on('data', (chunk) => (log += chunk));
    child.stderr?.on('data', (chunk) => (log += chunk));
    /** The pids of the workers that said they listen, in order. */
    const listening = () =>
      log
        .split('\n')
        .filter((line) => line.includes('engagement server on'))
        .map((line) => (JSON.parse(line) as { pid: number }).pid);
    const until = async (check: () => boolean) => {
      const deadline = Date.now() + 30_000;
      while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      assert.ok(check(), log);
    };
    try {
      await waitUntilUp(`http://127.0.0.1:${port}/agent/`, child, () => log);
      await until(() => listening().length === 2);
      const [first, second] = listening();
      assert.notEqual(first, second);
      assert.notEqual(first, child.pid, 'the watching process serves nothing itself');

      process.kill(first as number, 'SIGKILL');
      await until(() => listening().length === 3);
      assert.ok(
        !listening()
          .slice(2)
          .includes(first as number),
      );
      assert.equal((await fetch(`http://127.0.0.1:${port}/agent/`)).status, 200);

      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await scope.drop();
    }
  });
});
