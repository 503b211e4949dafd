import type { Config } from '../protocol/config.ts';
import { isConfigCommand, runCommand } from './commands.ts';
import { configProblems } from './config.ts';
import { createLog } from './log.ts';
import { createTracker, type Tracker, type TrackerEnv } from './tracker.ts';

/** What `_gt` becomes once beckon.js runs: `push` executes each command at once. */
export interface CommandQueue {
  push(...commands: unknown[]): void;
  readonly tracker: Tracker;
}

declare global {
  interface Window {
    _gt?: unknown[] | CommandQueue;
  }
}

/**
 * Takes over `window._gt`: `config` commands first, whatever their place (Matomo's rule), merged into
 * one configuration; then `on`/`off`, so listeners hear the first VisitStarted and PageEntered; then
 * the tracker starts and the other queued commands run in order; then `_gt` becomes an object whose
 * `push` runs commands at once. A second copy of the script changes nothing.
 */
export function takeOverQueue(win: Window, env: TrackerEnv = {}): CommandQueue {
  const queued = win._gt;
  if (queued && !Array.isArray(queued) && typeof queued.push === 'function' && 'tracker' in queued)
    return queued;
  const commands: unknown[] = Array.isArray(queued) ? queued : [];
  const log = env.log ?? createLog();
  const config: Record<string, unknown> = {};
  for (const command of commands.filter(isConfigCommand)) {
    const given = command[1];
    if (typeof given !== 'object' || given === null || Array.isArray(given)) {
      log.error("_gt.push(['config', ...]): the argument must be an object; ignored");
      continue;
    }
    const bad = new Set<string>();
    for (const [key, problem] of configProblems(given as Record<string, unknown>)) {
      bad.add(key);
      log.error(`_gt.push(['config', ...]): ${problem}; that key is ignored`);
    }
    for (const [key, value] of Object.entries(given)) if (!bad.has(key)) config[key] = value;
  }
  const tracker = createTracker(config as Config, { ...env, win, log });
  const run = (command: unknown) => runCommand(tracker, log, command);
  const listens = (command: unknown) =>
    Array.isArray(command) && (command[0] === 'on' || command[0] === 'off');
  for (const command of commands) if (listens(command)) run(command);
  tracker.start();
  for (const command of commands) if (!isConfigCommand(command) && !listens(command)) run(command);
  const queue: CommandQueue = {
    push: (...pushed) => {
      for (const command of pushed) run(command);
    },
    tracker,
  };
  win._gt = queue;
  return queue;
}
