import type { Log } from '../monitor/log.ts';

/** What GWE's `fail` callbacks receive: `error` names what went wrong; without it, nothing was there. */
export interface GweFailure {
  error?: { code: string; description: string };
}

/** A refusal carried to `fail` callbacks as GWE's `{error: {code, description}}`. */
export class GweError extends Error {
  constructor(
    readonly code: string,
    description: string,
  ) {
    super(description);
  }
}

/** The promise GWE's chat API returns: chainable `done` and `fail`, and `then` for `await`. */
export interface GwePromise<T> extends PromiseLike<T> {
  done(callback: (value: T) => void): GwePromise<T>;
  fail(callback: (event: GweFailure) => void): GwePromise<T>;
}

const failureOf = (reason: unknown): GweFailure =>
  reason instanceof GweError
    ? { error: { code: reason.code, description: reason.message } }
    : reason instanceof Error
      ? { error: { code: 'failed', description: reason.message } }
      : {};

/**
 * Wraps `promise` in GWE's shape. The page's callbacks run after the outcome, each guarded: one
 * that throws is reported in the console and the others still run.
 */
export function gwePromise<T>(promise: Promise<T>, log: Log): GwePromise<T> {
  const outcome = promise.then(
    (value) => ({ ok: true as const, value }),
    (reason: unknown) => ({ ok: false as const, failure: failureOf(reason) }),
  );
  const call = <A>(callback: unknown, arg: A) => {
    if (typeof callback !== 'function') {
      log.error('_gwc: done and fail take a function; ignored');
      return;
    }
    try {
      callback(arg);
    } catch (error) {
      log.error('_gwc: a done or fail callback threw', error);
    }
  };
  const wrapped: GwePromise<T> = {
    done: (callback) => {
      void outcome.then((result) => result.ok && call(callback, result.value));
      return wrapped;
    },
    fail: (callback) => {
      void outcome.then((result) => !result.ok && call(callback, result.failure));
      return wrapped;
    },
    // biome-ignore lint/suspicious/noThenProperty: GWE's promises were jQuery's, thenable; `await` works on them too.
    then: (onDone, onFail) =>
      outcome
        .then((result) => (result.ok ? result.value : Promise.reject(result.failure)))
        .then(onDone, onFail),
  };
  return wrapped;
}
