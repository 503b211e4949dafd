import type { Dsl, DslEvent } from '../../protocol/dsl.ts';
import type { Log } from '../log.ts';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isText = (value: unknown) => typeof value === 'string' && value.length > 0;
const optional = (value: unknown, test: (v: unknown) => boolean) =>
  value === undefined || test(value);
const isSelector = (value: unknown) => {
  if (!isText(value)) return false;
  try {
    document.createDocumentFragment().querySelector(value as string);
    return true;
  } catch {
    return false;
  }
};

/**
 * What is wrong with one DSL event, as `path: problem`, or null. Mirrors the `DslEvent` schema in
 * src/protocol (a unit test holds the two in agreement) without shipping zod in the core script.
 */
export function dslEventProblem(event: unknown, at: string): string | null {
  if (!isObject(event)) return `${at} must be an object`;
  if (!isText(event.name) || !/^[A-Za-z0-9_.:-]{1,64}$/.test(event.name as string))
    return `${at}.name must be 1-64 letters, digits or _ . : -`;
  if (!Array.isArray(event.triggers) || event.triggers.length === 0)
    return `${at}.triggers must be a non-empty array`;
  for (const [i, trigger] of event.triggers.entries()) {
    const t = `${at}.triggers[${i}]`;
    if (!isObject(trigger)) return `${t} must be an object`;
    if (!isText(trigger.action)) return `${t}.action must be a DOM event name or "timer:<ms>"`;
    const timer = /^timer:\d+$/.test(trigger.action as string);
    if ((trigger.action as string).startsWith('timer:') && !timer)
      return `${t}.action must be "timer:<ms>" with a whole number of milliseconds`;
    if (!optional(trigger.type, (v) => v === 'timeout')) return `${t}.type must be "timeout"`;
    if (!optional(trigger.element, isSelector)) return `${t}.element must be a valid CSS selector`;
    if (!optional(trigger.url, (v) => typeof v === 'string')) return `${t}.url must be a string`;
    if (!optional(trigger.name, (v) => typeof v === 'string')) return `${t}.name must be a string`;
    if (!optional(trigger.count, (v) => Number.isInteger(v) && (v as number) > 0))
      return `${t}.count must be a positive whole number`;
  }
  if (!optional(event.vals, Array.isArray)) return `${at}.vals must be an array`;
  for (const [i, val] of ((event.vals as unknown[]) ?? []).entries()) {
    const v = `${at}.vals[${i}]`;
    if (!isObject(val)) return `${v} must be an object`;
    if (!isText(val.name)) return `${v}.name must be a non-empty string`;
    if (!isSelector(val.element)) return `${v}.element must be a valid CSS selector`;
    if (!optional(val.attribute, (a) => typeof a === 'string'))
      return `${v}.attribute must be a string`;
  }
  if (!optional(event.condition, isObject)) return `${at}.condition must be an object`;
  const condition = (event.condition ?? {}) as Record<string, unknown>;
  if (!optional(condition.pageFocused, (v) => typeof v === 'boolean'))
    return `${at}.condition.pageFocused must be a boolean`;
  if (!optional(condition.elementVisible, isSelector))
    return `${at}.condition.elementVisible must be a valid CSS selector`;
  for (const key of Object.keys(condition)) {
    if (key !== 'pageFocused' && key !== 'elementVisible')
      return `${at}.condition.${key} is not a known condition (pageFocused, elementVisible)`;
  }
  return null;
}

/** The usable part of a DSL: each bad event is logged with its path and left out, the rest kept. */
export function checkDsl(input: unknown, log: Log): Dsl {
  if (!isObject(input) || !Array.isArray(input.events)) {
    log.error('dsl must be an object with an "events" array; no business events will fire');
    return { events: [] };
  }
  const events: DslEvent[] = [];
  for (const [i, event] of input.events.entries()) {
    const problem = dslEventProblem(event, `dsl.events[${i}]`);
    if (problem) log.error(`${problem}; this event is ignored`);
    else events.push(event as DslEvent);
  }
  return { events };
}
