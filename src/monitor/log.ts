/**
 * Console output for site owners. Errors and warnings always show (they name what was wrong);
 * debug lines only with `debug: true` or `['debug', true]`. Never throws, even where `console` is odd.
 */
export interface Log {
  error(message: string, ...details: unknown[]): void;
  warn(message: string, ...details: unknown[]): void;
  debug(message: string, ...details: unknown[]): void;
  setDebug(on: boolean): void;
}

const PREFIX = '[beckon] ';

export function createLog(target: Pick<Console, 'error' | 'warn' | 'info'> = console): Log {
  let debugOn = false;
  const write = (level: 'error' | 'warn' | 'info', message: string, details: unknown[]) => {
    try {
      target[level](PREFIX + message, ...details);
    } catch {
      // A host page that broke its console must not break the tracker.
    }
  };
  return {
    error: (message, ...details) => write('error', message, details),
    warn: (message, ...details) => write('warn', message, details),
    debug: (message, ...details) => {
      if (debugOn) write('info', message, details);
    },
    setDebug: (on) => {
      debugOn = on;
    },
  };
}
