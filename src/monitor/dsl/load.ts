import type { Dsl } from '../../protocol/dsl.ts';
import type { Log } from '../log.ts';
import { checkDsl } from './check.ts';
import { parseDomainModel } from './domain-model.ts';

/** The DSL from config: inline JSON, or fetched from `dslResource` (JSON or GWE domain-model.xml). */
export async function loadDsl(
  inline: unknown,
  resource: string | undefined,
  baseUrl: string,
  fetchFn: typeof fetch,
  log: Log,
): Promise<Dsl> {
  if (inline !== undefined) return checkDsl(inline, log);
  if (!resource) return { events: [] };
  let text: string;
  try {
    const response = await fetchFn(new URL(resource, baseUrl).href, { credentials: 'omit' });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    text = await response.text();
  } catch (error) {
    log.error(
      `dslResource ${resource} could not be loaded (${String(error)}); no business events will fire`,
    );
    return { events: [] };
  }
  if (text.trimStart().startsWith('<')) return checkDsl(parseDomainModel(text, log), log);
  try {
    return checkDsl(JSON.parse(text), log);
  } catch {
    log.error(`dslResource ${resource} is neither JSON nor XML; no business events will fire`);
    return { events: [] };
  }
}
