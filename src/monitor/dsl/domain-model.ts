import type { Log } from '../log.ts';

/**
 * Reads a GWE `domain-model.xml` into the JSON DSL shape. GWE's `condition`/`postcondition` and
 * `val value` are JavaScript expressions; a CSP-safe tracker cannot evaluate them, so they are
 * reported and left out. `val` may instead name an `element` (and `attribute`) to read.
 */
export function parseDomainModel(xml: string, log: Log): unknown {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  if (doc.querySelector('parsererror')) {
    log.error('dslResource is not well-formed XML; no business events will fire');
    return { events: [] };
  }
  const attrs = (el: Element) => {
    const out: Record<string, string> = {};
    // GWE files leave unused attributes empty (element="", url=""): empty means absent.
    for (const { name, value } of Array.from(el.attributes)) if (value !== '') out[name] = value;
    return out;
  };
  const events = Array.from(doc.getElementsByTagName('event')).map((el) => {
    const { name, id, condition, postcondition } = attrs(el);
    for (const [kind, expression] of [
      ['condition', condition],
      ['postcondition', postcondition],
    ]) {
      if (expression)
        log.warn(
          `domain-model event '${name}': ${kind} "${expression}" is a JavaScript expression; unsupported, not evaluated`,
        );
    }
    const triggers = Array.from(el.getElementsByTagName('trigger')).map((t) => {
      const { count, ...rest } = attrs(t);
      return count === undefined ? rest : { ...rest, count: Number(count) };
    });
    const vals = Array.from(el.getElementsByTagName('val')).flatMap((v) => {
      const { name: valName, value, element, attribute } = attrs(v);
      if (!element) {
        log.warn(
          `domain-model event '${name}': val '${valName}' = "${value ?? ''}" is a JavaScript expression; unsupported, not evaluated`,
        );
        return [];
      }
      return [attribute ? { name: valName, element, attribute } : { name: valName, element }];
    });
    return { name, ...(id ? { id } : {}), triggers, ...(vals.length ? { vals } : {}) };
  });
  return { events };
}
