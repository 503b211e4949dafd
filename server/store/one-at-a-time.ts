/**
 * Work for one key at a time, in the order it was asked for, on this node: each piece starts once
 * the one before it has settled, and a failure fails only its own caller. Keys with nothing waiting
 * are forgotten.
 */
export function oneAtATime() {
  const queues = new Map<string, Promise<void>>();
  return <T>(key: string, work: () => Promise<T>): Promise<T> => {
    const next = (queues.get(key) ?? Promise.resolve()).then(work);
    const settled = next.then(
      () => {},
      () => {},
    );
    queues.set(key, settled);
    void settled.then(() => queues.get(key) === settled && queues.delete(key));
    return next;
  };
}
