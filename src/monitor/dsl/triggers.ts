import type { Dsl, DslCondition, DslEvent, DslTrigger, DslVal } from '../../protocol/dsl.ts';
import type { Clock } from '../clock.ts';
import type { Log } from '../log.ts';

/** Events that do not bubble, mapped to the bubbling twin a delegated listener can hear. */
const BUBBLING: Record<string, string> = {
  focus: 'focusin',
  blur: 'focusout',
  mouseenter: 'mouseover',
  mouseleave: 'mouseout',
};
const MAX_VAL_LENGTH = 1000;

interface Armed {
  event: DslEvent;
  trigger: DslTrigger;
  fired: number;
}
interface Timer extends Armed {
  ms: number;
  remaining: number;
  handle: unknown;
  startedAt: number;
}

export interface TriggerHost {
  win: Window;
  clock: Clock;
  log: Log;
  fire(eventName: string, data: Record<string, unknown>): void;
}

export interface Triggers {
  /** DOM events that happened before the triggers were armed, handled as if just now. */
  replay(events: readonly Event[]): void;
  /** A new page view began: counts start again and timers restart from zero. */
  newPage(): void;
  stop(): void;
}

function readVal(doc: Document, val: DslVal, log: Log): string | null {
  const el = doc.querySelector(val.element);
  if (!el) return null;
  if (val.attribute) return el.getAttribute(val.attribute)?.slice(0, MAX_VAL_LENGTH) ?? null;
  if (el instanceof HTMLInputElement && el.type === 'password') {
    log.warn(`dsl val '${val.name}' points at a password field; it is never read`);
    return null;
  }
  const value =
    el instanceof HTMLInputElement ||
    el instanceof HTMLTextAreaElement ||
    el instanceof HTMLSelectElement
      ? el.value
      : (el.textContent ?? '').trim();
  return value.slice(0, MAX_VAL_LENGTH);
}

function conditionHolds(doc: Document, condition: DslCondition | undefined): boolean {
  if (!condition) return true;
  if (condition.pageFocused !== undefined && doc.hasFocus() !== condition.pageFocused) return false;
  if (condition.elementVisible) {
    const el = doc.querySelector(condition.elementVisible);
    if (!el || el.getClientRects().length === 0) return false;
    if (getComputedStyle(el).visibility === 'hidden') return false;
  }
  return true;
}

/**
 * Runs a checked DSL on the page. DOM triggers listen once per event type on the document (capture
 * phase), so elements added later count. Timers count only while the page is visible and focused, as
 * GWE's Timeout-30 does, and start again on each page view.
 */
export function startTriggers(dsl: Dsl, host: TriggerHost): Triggers {
  const { win, clock, log } = host;
  const doc = win.document;
  const byType = new Map<string, Armed[]>();
  const timers: Timer[] = [];

  for (const event of dsl.events) {
    for (const trigger of event.triggers) {
      const timer = /^timer:(\d+)$/.exec(trigger.action);
      if (timer) {
        const ms = Number(timer[1]);
        timers.push({ event, trigger, fired: 0, ms, remaining: ms, handle: null, startedAt: 0 });
      } else {
        const type = BUBBLING[trigger.action] ?? trigger.action;
        const list = byType.get(type) ?? [];
        list.push({ event, trigger, fired: 0 });
        byType.set(type, list);
      }
    }
  }

  const mayFire = (armed: Armed) =>
    (!armed.trigger.url || win.location.href.includes(armed.trigger.url)) &&
    (armed.trigger.count === undefined || armed.fired < armed.trigger.count) &&
    conditionHolds(doc, armed.event.condition);

  const fire = (armed: Armed) => {
    armed.fired++;
    const data: Record<string, unknown> = {};
    for (const val of armed.event.vals ?? []) data[val.name] = readVal(doc, val, log);
    log.debug(`dsl: ${armed.event.name} (${armed.trigger.action})`, data);
    host.fire(armed.event.name, data);
  };

  const onDomEvent = (e: Event) => {
    const target = e.target instanceof Element ? e.target : null;
    for (const armed of byType.get(e.type) ?? []) {
      const selector = armed.trigger.element;
      if (selector && !target?.closest(selector)) continue;
      if (mayFire(armed)) fire(armed);
    }
  };
  for (const type of byType.keys()) doc.addEventListener(type, onDomEvent, true);

  const active = () => doc.visibilityState === 'visible' && doc.hasFocus();
  const pause = (timer: Timer) => {
    if (timer.handle === null) return;
    clock.clearTimeout(timer.handle);
    timer.handle = null;
    timer.remaining -= clock.now() - timer.startedAt;
  };
  const syncTimers = () => {
    const running = active();
    for (const timer of timers) {
      if (!running) pause(timer);
      else if (timer.handle === null && timer.remaining > 0) {
        timer.startedAt = clock.now();
        timer.handle = clock.setTimeout(() => {
          timer.handle = null;
          timer.remaining = 0;
          if (mayFire(timer)) fire(timer);
        }, timer.remaining);
      }
    }
  };
  if (timers.length) {
    doc.addEventListener('visibilitychange', syncTimers);
    win.addEventListener('focus', syncTimers);
    win.addEventListener('blur', syncTimers);
    syncTimers();
  }

  return {
    replay: (events) => {
      for (const e of events) onDomEvent(e);
    },
    newPage: () => {
      for (const list of byType.values()) for (const armed of list) armed.fired = 0;
      for (const timer of timers) {
        pause(timer);
        timer.fired = 0;
        timer.remaining = timer.ms;
      }
      syncTimers();
    },
    stop: () => {
      for (const type of byType.keys()) doc.removeEventListener(type, onDomEvent, true);
      for (const timer of timers) pause(timer);
      doc.removeEventListener('visibilitychange', syncTimers);
      win.removeEventListener('focus', syncTimers);
      win.removeEventListener('blur', syncTimers);
    },
  };
}
