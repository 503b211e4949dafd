import type { Command, ListenCommand, ListenerName } from '../src/protocol/command.ts';
import type { Config } from '../src/protocol/config.ts';

// `beckon` on npm: load the engagement server's beckon.js into a site built with a bundler, and push
// typed commands onto `_gt`. Nothing runs at import, so server rendering can import it.

export type {
  Command,
  EventOptions,
  ListenCommand,
  Listener,
  ListenerName,
  ListenerPayloads,
  PageInvite,
  PageOverrides,
  Payload,
  PrefixedPayloads,
} from '../src/protocol/command.ts';
export type { Config } from '../src/protocol/config.ts';
export type { TrackedEvent } from '../src/protocol/event.ts';
export type { Ids } from '../src/protocol/ids.ts';
export type { MediaAdapter, MediaContext, MediaSession } from '../src/protocol/media.ts';
export type { InviteData, MediaMessageData } from '../src/protocol/notification.ts';

export interface LoadOptions {
  /** The engagement server: `${endpoint}/beckon.js` is loaded, and Beckon talks to it. */
  endpoint: string;
  /** Any other `['config', {...}]` keys, applied before Beckon starts. */
  config?: Omit<Config, 'endpoint'>;
  /** The nonce a Content-Security-Policy `script-src 'nonce-…'` asks scripts to carry. */
  nonce?: string;
}

let loading: Promise<void> | null = null;

/** `_gt`: the snippet's array until Beckon runs, then Beckon's queue. */
function queue() {
  window._gt ??= [];
  return window._gt;
}

/**
 * Loads Beckon from the engagement server once and resolves when it runs. A snippet already on the
 * page (a `beckon.js` script) is not loaded again; the endpoint and `config` still apply if Beckon
 * has not started yet. Rejects if the script cannot load; a later call tries again.
 */
export function load(options: LoadOptions): Promise<void> {
  if (typeof window === 'undefined')
    return Promise.reject(new Error('beckon: load() needs a browser; call it from client code'));
  loading ??= new Promise<void>((resolve, reject) => {
    const endpoint = options.endpoint.replace(/\/+$/, '');
    const commands = queue();
    const snippet = document.querySelector('script[src$="/beckon.js"]');
    const script = Array.isArray(commands) && !snippet ? document.createElement('script') : null;
    const failed = () => {
      loading = null;
      script?.remove();
      reject(new Error(`beckon: could not load ${endpoint}/beckon.js`));
    };
    // Beckon runs queued functions in order once it has started: this one says it runs.
    commands.push(['config', { ...options.config, endpoint }], () => {
      script?.removeEventListener('error', failed);
      resolve();
    });
    if (!script) return;
    script.async = true;
    script.src = `${endpoint}/beckon.js`;
    if (options.nonce) script.nonce = options.nonce;
    script.addEventListener('error', failed);
    document.head.append(script);
  });
  return loading;
}

/**
 * Queues commands for Beckon: run at once when it runs, else when it starts. A listener's payload
 * is typed by its name: `push(['on', 'invite:shown', (invite) => ...])`.
 */
export function push<N extends ListenerName>(command: ListenCommand<N>): void;
export function push(...commands: Command[]): void;
export function push(...commands: unknown[]): void {
  if (typeof window === 'undefined') {
    console.error('beckon: push() needs a browser; call it from client code');
    return;
  }
  queue().push(...commands);
}
