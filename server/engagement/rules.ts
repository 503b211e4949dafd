import { type Rule, RulesFile } from '../../src/protocol/engagement.ts';
import type { TrackedEvent } from '../../src/protocol/event.ts';
import { readConfigFile } from '../http/config-file.ts';

/** `*` matches any run of characters; everything else is literal. */
export function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`, 'i');
}

/** Whether one event is of the kind a rule counts (name, category, URL); the count is checked apart. */
export function eventMatches(
  rule: Rule,
  event: Pick<TrackedEvent, 'eventName' | 'category' | 'url'>,
): boolean {
  const { when } = rule;
  if (event.eventName !== when.event) return false;
  if (when.category && !(event.category ?? '').split(';').includes(when.category)) return false;
  if (when.url && !globToRegExp(when.url).test(event.url)) return false;
  return true;
}

/** Reads and checks the rules file; a bad file stops start-up with a message naming the field. */
export function loadRules(path: string): Promise<RulesFile> {
  return readConfigFile(path, RulesFile, 'rules');
}
