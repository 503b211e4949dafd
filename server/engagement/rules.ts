import { readFile } from 'node:fs/promises';
import { type Rule, RulesFile } from '../../src/protocol/engagement.ts';
import type { TrackedEvent } from '../../src/protocol/event.ts';
import { issueField } from '../http/errors.ts';

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
export async function loadRules(path: string): Promise<RulesFile> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new Error(`rules file ${path}: ${(error as Error).message}`);
  }
  const parsed = RulesFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `rules file ${path}: ${issueField(issue?.path ?? [])} ${issue?.message ?? 'is invalid'}`,
    );
  }
  return parsed.data;
}
