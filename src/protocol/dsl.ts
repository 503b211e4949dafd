import * as z from 'zod/mini';
import { EventName } from './event.ts';

/**
 * Business events without code, shaped after GWE's domain-model.xml. A trigger either listens for a
 * DOM `action` on elements matching `element` (delegated, so later elements count) or is a timer
 * (`action: "timer:30000"`, `type: "timeout"`) that counts only while the page is visible and focused.
 */
export const DslTrigger = z.object({
  name: z.optional(z.string()),
  element: z.optional(z.string()),
  action: z.string().check(z.minLength(1)),
  type: z.optional(z.literal('timeout')),
  /** The trigger works only on pages whose URL contains this text. */
  url: z.optional(z.string()),
  /** How many times the trigger may fire in one page view; unlimited when absent. */
  count: z.optional(z.int().check(z.positive())),
});
export type DslTrigger = z.infer<typeof DslTrigger>;

/** A value read from the page when the event fires: an element's text or form value, or an attribute. */
export const DslVal = z.object({
  name: z.string().check(z.minLength(1)),
  element: z.string().check(z.minLength(1)),
  attribute: z.optional(z.string()),
});
export type DslVal = z.infer<typeof DslVal>;

/** Declarative stand-ins for GWE's JavaScript `condition`s, which a CSP-safe tracker cannot eval. */
export const DslCondition = z.object({
  pageFocused: z.optional(z.boolean()),
  elementVisible: z.optional(z.string()),
});
export type DslCondition = z.infer<typeof DslCondition>;

export const DslEvent = z.object({
  name: EventName,
  id: z.optional(z.string()),
  triggers: z.array(DslTrigger).check(z.minLength(1, 'must hold at least one trigger')),
  vals: z.optional(z.array(DslVal)),
  condition: z.optional(DslCondition),
});
export type DslEvent = z.infer<typeof DslEvent>;

export const Dsl = z.object({ events: z.array(DslEvent) });
export type Dsl = z.infer<typeof Dsl>;
