import type { Id } from '../protocol/ids.ts';
import { readJson } from '../shared/read-json.ts';
import type { KeyValue } from './storage.ts';

export const VISITOR_KEY = 'beckon.visitor';

/**
 * What the visit told about its visitor, kept for its media: GWE copies fields of VisitStarted
 * (`timezoneOffset`, `languageCode`) and of SignIn and UserInfo (the identity) into an
 * interaction's user data. SignOut forgets the identity; a new visit starts afresh.
 */
interface VisitorRecord {
  visitID: Id;
  /** As attached data: strings, numbers and booleans written out, nested values left out. */
  visit: Record<string, string>;
  identity: Record<string, string>;
}

/** VisitStarted's fields that travel with the visitor's media (the rest describe the page). */
const VISIT_FIELDS = ['timezoneOffset', 'languageCode'];

/** Called with each event the tracker records; remembers what the identity events say. */
export function noteVisitor(
  storage: KeyValue,
  visitID: Id,
  eventName: string,
  data: Record<string, unknown> = {},
): void {
  if (!/^(VisitStarted|SignIn|UserInfo|SignOut)$/.test(eventName)) return;
  const saved = readJson<VisitorRecord>(storage, VISITOR_KEY);
  const record: VisitorRecord =
    saved?.visitID === visitID ? saved : { visitID, visit: {}, identity: {} };
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(data))
    if (/^(string|number|boolean)$/.test(typeof value)) fields[key] = String(value);
  if (eventName === 'VisitStarted')
    for (const field of VISIT_FIELDS) {
      const value = fields[field];
      if (value !== undefined) record.visit[field] = value;
    }
  else record.identity = eventName === 'SignOut' ? {} : { ...record.identity, ...fields };
  storage.set(VISITOR_KEY, JSON.stringify(record));
}

/** The visitor's fields for `visitID`, ready for attached data. */
export function visitorFields(storage: KeyValue, visitID: Id): Record<string, string> {
  const saved = readJson<VisitorRecord>(storage, VISITOR_KEY);
  return saved?.visitID === visitID ? { ...saved.visit, ...saved.identity } : {};
}
