import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import Fastify from 'fastify';
import type { VisitReport } from '../../../src/protocol/visit.ts';

const root = new URL('../../../', import.meta.url).pathname;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * Waits until `url` answers 200, failing with the server's output if it exits or never does. A
 * first start makes its embedded database (PGlite) and runs every migration: seconds, and more
 * with two test workers on two cores, hence the half minute.
 */
export async function waitUntilUp(url: string, child: ChildProcess, output: () => string) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output()}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`server did not come up at ${url}:\n${output()}`);
}

/**
 * The real engagement server, built as for `npm start`, in a data folder of its own, with the
 * SocialHub mock it starts beside itself (its inbox page at `inboxUrl/ui/`). `env` adds to or
 * overrides its settings (the benchmarks give it rules of their own).
 */
export async function engagementServer(env: Record<string, string> = {}) {
  const port = await freePort();
  const inboxPort = await freePort();
  const dataDir = await mkdtemp(join(tmpdir(), 'beckon-e2e-'));
  const url = `http://127.0.0.1:${port}`;
  const inboxKey = randomBytes(12).toString('hex');
  let child: ChildProcess | null = null;
  let log = '';

  const server = {
    url,
    /** Its PGlite data folder (the benchmarks count the rows stored once it has stopped). */
    dataDir,
    inboxUrl: `http://127.0.0.1:${inboxPort}`,
    /** The mock inbox's page, with the key that opens it. */
    inboxPage: `http://127.0.0.1:${inboxPort}/ui/?key=${inboxKey}`,
    /** The server's process ID (the benchmarks read its memory). */
    get pid() {
      return child?.pid;
    },
    async start() {
      child = spawn(process.execPath, [join(root, 'dist/server/main.mjs')], {
        env: {
          ...process.env,
          PORT: String(port),
          HOST: '127.0.0.1',
          BECKON_DATA_DIR: dataDir,
          LOG_LEVEL: 'warn',
          // As `npm start`: the agent console and the tests' notify calls come from this machine.
          BECKON_TRUST_LOOPBACK: '1',
          BECKON_INBOX_MOCK_PORT: String(inboxPort),
          BECKON_INBOX_MOCK_KEY: inboxKey,
          ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout?.on('data', (chunk) => (log += chunk));
      child.stderr?.on('data', (chunk) => (log += chunk));
      await waitUntilUp(`${url}/beckon.js`, child, () => log);
    },
    /** A graceful stop (SIGTERM), as an operator's restart does. */
    async stop() {
      const running = child;
      // Gone already: it exited, or a signal killed it (then exitCode stays null).
      if (!running || running.exitCode !== null || running.signalCode !== null) return;
      await new Promise((resolve) => {
        running.once('exit', resolve);
        running.kill('SIGTERM');
      });
    },
    async visit(visitID: string): Promise<VisitReport | null> {
      const response = await fetch(`${url}/server/data/visits/${visitID}`);
      return response.ok ? ((await response.json()) as VisitReport) : null;
    },
    async dispose() {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  await server.start();
  return server;
}

/**
 * A host website on its own origin serving the demo pages and a copy of beckon.js (or `folders` of
 * the test's choosing), and `pages` of the test's own (path → HTML). Served for real: a page Playwright fulfils has no address, so Chromium
 * takes it for a public one and keeps it from loading anything from loopback.
 */
export async function hostSite(
  pages: Record<string, string> = {},
  folders = [join(root, 'demo'), join(root, 'dist')],
) {
  const app = Fastify();
  for (const [path, html] of Object.entries(pages))
    app.get(path, (_request, reply) => reply.type('text/html; charset=utf-8').send(html));
  await app.register(fastifyStatic, { root: folders, prefix: '/' });
  const port = await freePort();
  await app.listen({ port, host: '127.0.0.1' });
  return { url: `http://localhost:${port}`, close: () => app.close() };
}

/** Polls until `check` passes or the time is up, then returns its last value. */
export async function eventually<T>(
  read: () => Promise<T>,
  check: (value: T) => boolean,
  ms = 20_000,
): Promise<T> {
  const end = Date.now() + ms;
  let value = await read();
  while (!check(value) && Date.now() < end) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    value = await read();
  }
  return value;
}
