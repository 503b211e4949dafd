import { createServer, type Server } from 'node:http';
import { apiError, databaseAway, RETRY_AFTER_S } from '../http/errors.ts';

/** The first wait after a failed try, doubled after each, up to the last. */
export const REACH_BACKOFF_MS = { first: 1000, last: 15_000 };

/**
 * Tries `open` (connect and migrate) until the database answers. While it is unreachable (refused,
 * cut, timed out: what a restart or an outage looks like; any other error ends the start), the
 * server says so in one log line, tries again with backoff, and says once it has reached it.
 */
export async function reachDatabase<T>(
  open: () => Promise<T>,
  log: { warn(message: string): void; info(message: string): void },
  options: {
    /** Called once, when the first try fails: e.g. answer 503 on the port meanwhile. */
    waiting?: () => Promise<void>;
    sleep?: (ms: number) => Promise<unknown>;
  } = {},
): Promise<T> {
  const sleep =
    options.sleep ?? ((ms: number) => new Promise((resolve) => setTimeout(resolve, ms)));
  let wait = REACH_BACKOFF_MS.first;
  for (let tries = 1; ; tries++) {
    try {
      const reached = await open();
      if (tries > 1) log.info(`database reached after ${tries} tries`);
      return reached;
    } catch (error) {
      if (!databaseAway(error as { code?: unknown; message?: unknown })) throw error;
      if (tries === 1) {
        log.warn(
          `the database is unreachable (${(error as Error).message}); trying again with backoff, up to every ${REACH_BACKOFF_MS.last / 1000} s`,
        );
        await options.waiting?.();
      }
      await sleep(wait);
      wait = Math.min(wait * 2, REACH_BACKOFF_MS.last);
    }
  }
}

/**
 * What the port answers until the database is reached: the liveness probe 200, everything else
 * 503 with Retry-After (the tracker and the widgets wait it out), each connection closed after its
 * answer. `close` frees the port for the server proper.
 */
export async function answerUnavailable(port: number, host: string) {
  const server: Server = createServer((request, response) => {
    const live = request.url === '/server/health/live';
    response.writeHead(live ? 200 : 503, {
      'content-type': 'application/json; charset=utf-8',
      connection: 'close',
      ...(live ? {} : { 'retry-after': String(RETRY_AFTER_S) }),
    });
    response.end(
      JSON.stringify(
        live
          ? { status: 'ok' }
          : apiError('unavailable', 'the server is starting: its database is not reachable yet'),
      ),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
