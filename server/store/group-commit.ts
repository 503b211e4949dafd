import { databaseAway } from './db.ts';

/**
 * Group commit: callers hand in items one at a time. A round starts once the event loop has taken
 * in every request that was ready, so requests that arrive together share it, even on in-process
 * PGlite, whose rounds would otherwise end before the next request is read. Whatever arrives while
 * `rounds` rounds are running waits, and the next round takes all of it (up to `max`) in one call
 * of `run`, which answers each item in order. A caller's promise settles when its round has: for a
 * store, once the statement holding its item has committed. When a round fails, each of its items is run again
 * alone, so one item the database refuses fails only its own caller; when the database is away,
 * they all fail at once.
 */
export function groupCommit<T, R>(
  run: (items: T[]) => Promise<R[]>,
  options: { rounds: number; max: number },
) {
  const waiting: Array<{
    item: T;
    resolve: (result: R) => void;
    reject: (error: unknown) => void;
  }> = [];
  let running = 0;
  let starting = false;

  const settle = async (round: typeof waiting): Promise<void> => {
    let results: R[];
    try {
      results = await run(round.map((entry) => entry.item));
    } catch (error) {
      // The database away is no item's doing: every item of the round, and every one waiting, is
      // told at once, instead of each waiting its turn to fail alone.
      if (databaseAway(error as Error)) {
        for (const entry of [...round, ...waiting.splice(0)]) entry.reject(error);
        return;
      }
      if (round.length === 1) round[0]?.reject(error);
      else for (const entry of round) await settle([entry]);
      return;
    }
    for (const [i, entry] of round.entries()) entry.resolve(results[i] as R);
  };

  const next = () => {
    while (running < options.rounds && waiting.length) {
      const round = waiting.splice(0, options.max);
      running++;
      void settle(round).finally(() => {
        running--;
        next();
      });
    }
  };

  return (item: T) =>
    new Promise<R>((resolve, reject) => {
      waiting.push({ item, resolve, reject });
      if (starting) return;
      starting = true;
      setImmediate(() => {
        starting = false;
        next();
      });
    });
}
