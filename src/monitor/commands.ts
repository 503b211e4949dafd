import { isAdapter } from '../media/adapter.ts';
import type { Config } from '../protocol/config.ts';
import {
  IDENTITY_EVENTS,
  LEGACY_EVENT_COMMANDS,
  LISTENER_NAMES,
  LISTENER_PREFIXES,
  MAX_EVENT_DATA,
  SYSTEM_EVENTS,
} from '../protocol/names.ts';
import { configProblems } from './config.ts';
import type { Listener } from './emitter.ts';
import type { Log } from './log.ts';
import type { BeckonApi, Tracker } from './tracker.ts';

// The rules here are src/protocol/command.ts's schemas, written by hand to keep zod out of the core
// script; test/unit/command-schema.test.ts holds the two to each other.

/** A command's checks: the problem with its arguments, or null once it has run. */
type Run = (tracker: Tracker, args: unknown[]) => string | null;
const LEGACY: Record<string, string> = LEGACY_EVENT_COMMANDS;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isFunction = (value: unknown): value is (...args: never[]) => unknown =>
  typeof value === 'function';

function dataProblem(data: unknown): string | null {
  if (!isPlainObject(data)) return 'data must be a plain object';
  let json: string;
  try {
    json = JSON.stringify(data);
  } catch {
    return 'data must be JSON-serialisable (no cycles, no BigInt)';
  }
  return json.length > MAX_EVENT_DATA
    ? `data must serialise to at most ${MAX_EVENT_DATA} characters`
    : null;
}

function trackNamed(tracker: Tracker, given: string, options: unknown): string | null {
  const name = LEGACY[given] ?? given;
  if (!/^[A-Za-z0-9_.:-]{1,64}$/.test(name))
    return 'the event name must be 1-64 letters, digits or _ . : -';
  const identity = (IDENTITY_EVENTS as readonly string[]).includes(name);
  if (!identity && (SYSTEM_EVENTS as readonly string[]).includes(name))
    return `'${name}' is recorded by Beckon itself and cannot be pushed`;
  if (options !== undefined && !isPlainObject(options))
    return 'the options must be an object like {data: {...}}';
  const { data, ...rest } = (options ?? {}) as { data?: unknown };
  const extra = Object.keys(rest);
  if (extra.length)
    return `unknown option(s) ${extra.join(', ')}; put event fields inside {data: {...}}`;
  const problem = data === undefined ? null : dataProblem(data);
  if (problem) return problem;
  tracker.track(
    identity ? 'SYSTEM' : 'BUSINESS',
    name,
    data as Record<string, unknown> | undefined,
  );
  return null;
}

function listenerProblem(name: unknown, listener: unknown): string | null {
  if (
    typeof name !== 'string' ||
    !(
      (LISTENER_NAMES as readonly string[]).includes(name) ||
      LISTENER_PREFIXES.some((prefix) => name.startsWith(prefix))
    )
  )
    return `the name must be one of ${LISTENER_NAMES.join(', ')}, or start with ${LISTENER_PREFIXES.join(' or ')}`;
  return isFunction(listener) ? null : 'the listener must be a function';
}

const COMMANDS: Record<string, { usage: string; run: Run }> = {
  config: {
    usage: "['config', {endpoint?, dsl?, dslResource?, visitTimeoutMinutes?, ...}]",
    run: (tracker, [config]) => {
      if (!isPlainObject(config)) return 'the argument must be an object';
      const problems = configProblems(config);
      if (problems.length) return problems.map(([, problem]) => problem).join('; ');
      tracker.reconfigure(config as Config);
      return null;
    },
  },
  event: {
    usage: "['event', name, {data: {...}}?] or GWE 8.1's ['event', {eventName, ...fields}]",
    run: (tracker, [nameOrLegacy, options]) => {
      if (typeof nameOrLegacy === 'string') return trackNamed(tracker, nameOrLegacy, options);
      if (isPlainObject(nameOrLegacy) && typeof nameOrLegacy.eventName === 'string') {
        const { eventName, ...fields } = nameOrLegacy;
        return trackNamed(tracker, eventName as string, { data: fields });
      }
      return 'the first argument must be the event name';
    },
  },
  getIDs: {
    usage: "['getIDs', callback]",
    run: (tracker, [callback]) => {
      if (!isFunction(callback)) return 'the argument must be a function';
      tracker.getIDs(callback as Parameters<BeckonApi['getIDs']>[0]);
      return null;
    },
  },
  on: {
    usage: "['on', name, listener]",
    run: (tracker, [name, listener]) => {
      const problem = listenerProblem(name, listener);
      if (!problem) tracker.on(name as string, listener as Listener);
      return problem;
    },
  },
  off: {
    usage: "['off', name, listener]",
    run: (tracker, [name, listener]) => {
      const problem = listenerProblem(name, listener);
      if (!problem) tracker.off(name as string, listener as Listener);
      return problem;
    },
  },
  consent: {
    usage: "['consent', true | false]",
    run: (tracker, [granted]) => {
      if (typeof granted !== 'boolean') return 'the argument must be true or false';
      tracker.consent(granted);
      return null;
    },
  },
  invite: {
    usage:
      "['invite', {type: 'chat' | 'callback' | 'message', title, message, adapter?, scenario?, timeoutMs?}]",
    run: (tracker, [options]) => {
      if (!isPlainObject(options)) return 'the argument must be an object';
      tracker.invite(options);
      return null;
    },
  },
  adapter: {
    usage: "['adapter', {name, party: 'second' | 'third', open(context)}]",
    run: (tracker, [adapter]) => {
      if (!isAdapter(adapter))
        return 'the argument must be a media adapter with a lowercase name, a party and an open function';
      tracker.adapter(adapter);
      return null;
    },
  },
  page: {
    usage: "['page'] or ['page', {url?, title?}]",
    run: (tracker, [overrides]) => {
      if (overrides !== undefined && !isPlainObject(overrides))
        return 'the argument must be an object';
      const { url, title, ...rest } = (overrides ?? {}) as Record<string, unknown>;
      if (Object.keys(rest).length) return `unknown option(s) ${Object.keys(rest).join(', ')}`;
      if (url !== undefined && typeof url !== 'string') return 'url must be a string';
      if (title !== undefined && typeof title !== 'string') return 'title must be a string';
      tracker.page({ ...(url ? { url } : {}), ...(title !== undefined ? { title } : {}) });
      return null;
    },
  },
  forget: {
    usage: "['forget']",
    run: (tracker) => {
      tracker.forget();
      return null;
    },
  },
  debug: {
    usage: "['debug', true | false]",
    run: (tracker, [on = true]) => {
      if (typeof on !== 'boolean') return 'the argument must be true or false';
      tracker.debug(on);
      return null;
    },
  },
};
for (const [legacy, name] of Object.entries(LEGACY)) {
  COMMANDS[legacy] = {
    usage: `['${legacy}', {data: {...}}?]`,
    run: (tracker, [options]) => trackNamed(tracker, name, options),
  };
}

const preview = (command: unknown) => {
  try {
    return JSON.stringify(command)?.slice(0, 80) ?? String(command);
  } catch {
    return String(command);
  }
};

/**
 * Runs one `_gt.push` entry: `[name, ...args]`, or a function called with the API as `this` and
 * argument. Anything wrong is one console error naming the command and what was expected; nothing
 * is ever thrown into the host page.
 */
export function runCommand(tracker: Tracker, log: Log, command: unknown): void {
  try {
    if (isFunction(command)) {
      (command as (this: BeckonApi, api: BeckonApi) => unknown).call(tracker, tracker);
      return;
    }
    if (!Array.isArray(command) || typeof command[0] !== 'string') {
      log.error(
        `_gt.push(${preview(command)}): expected [command, ...arguments] or a function; ignored`,
      );
      return;
    }
    const [name, ...args] = command as [string, ...unknown[]];
    const known = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (!known) {
      log.error(
        `_gt.push(['${name}', ...]): unknown command; known: ${Object.keys(COMMANDS).join(', ')}`,
      );
      return;
    }
    const most = name === 'event' || name === 'on' || name === 'off' ? 2 : 1;
    const problem =
      args.length > most
        ? `at most ${most} argument${most > 1 ? 's' : ''}`
        : known.run(tracker, args);
    if (problem)
      log.error(`_gt.push(['${name}', ...]): ${problem}; expected ${known.usage}; ignored`);
  } catch (error) {
    log.error(`_gt.push(${preview(command)}) failed`, error);
  }
}

export const isConfigCommand = (command: unknown): command is ['config', unknown] =>
  Array.isArray(command) && command[0] === 'config';
