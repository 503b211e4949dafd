// Entry of the lazily loaded DSL chunk (dist/chunks/dsl.js): only pages whose config names a DSL
// (`dsl` or `dslResource`) load the checker, GWE's XML reader and the triggers.
import { loadDsl } from './load.ts';
import { startTriggers, type TriggerHost, type Triggers } from './triggers.ts';

/**
 * The DSL from config, loaded, checked and armed; null when it has no events. `early` holds what
 * the visitor did while this chunk and the DSL were on their way: it counts as if done now.
 */
export async function armDsl(
  source: { dsl?: unknown; dslResource?: string | undefined },
  fetchFn: typeof fetch,
  host: TriggerHost,
  early: readonly Event[],
): Promise<Triggers | null> {
  const dsl = await loadDsl(
    source.dsl,
    source.dslResource,
    host.win.location.href,
    fetchFn,
    host.log,
  );
  if (dsl.events.length === 0) return null;
  host.log.debug(`dsl: ${dsl.events.length} event(s) armed`);
  const triggers = startTriggers(dsl, host);
  triggers.replay(early);
  return triggers;
}
