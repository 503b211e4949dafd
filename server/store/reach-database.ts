import { databaseAway } from './db.ts';

/**
 * The first wait after a failed try, doubled after each, up to the last: short, so the server
 * serves within 2 s of the database's return.
 */
export const REACH_BACKOFF_MS = { first: 250, last: 2000 };

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
