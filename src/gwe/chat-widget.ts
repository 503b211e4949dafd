import type { GmsChat } from '../../widgets/gms/index.ts';
import type { EngageHost } from '../engage/host.ts';
import type { MediaAdapter, MediaSession } from '../media/adapter.ts';
import { type GweChatSession, gweChatSession } from './chat-session.ts';
import { GweError, type GwePromise, gwePromise } from './promise.ts';
import { attachedData, readGwc } from './settings.ts';

declare global {
  interface Window {
    /** GWE's chat widget settings (src/protocol/gwc.ts). */
    _gwc?: unknown;
  }
}

/** What `_gwc.onReady` callbacks receive: GWE's Chat Widget JS API, driving Beckon's GMS chat. */
export interface GweChatApi {
  /** The listener hears the running chat, if any, and every chat that starts from now on. */
  onSession(listener: (session: GweChatSession) => void): void;
  /** Opens Beckon's chat; `done` gets the session once GMS has started it. */
  startChat(options?: unknown): GwePromise<GweChatSession>;
  /** `done` gets the chat an earlier page of the visit left running; `fail` gets `{}` when none is. */
  restoreChat(options?: unknown): GwePromise<GweChatSession>;
}

const isGmsChat = (session: MediaSession): session is GmsChat =>
  typeof (session as Partial<GmsChat>).chat === 'function' &&
  typeof (session as Partial<GmsChat>).send === 'function';

/**
 * GWE's native chat widget, as GWE-era pages configured it through `window._gwc`, mapped onto
 * Beckon's `gms` adapter: `userData` joins every chat's attached data, and after the page's
 * running chat (if any) is taken up, each `onReady` callback gets the chat API. A page with `_gwc`
 * means GWE's chat, so `gms` is its default adapter. `openChat` opens a chat the visitor asked for
 * (passed in by the engage chunk, so this chunk shares no code with it). Returns the step that
 * calls `onReady`.
 */
export function bridgeChatWidget(
  host: EngageHost,
  openChat: (attachedData: Record<string, string>) => Promise<MediaSession | null>,
): () => void {
  const { log } = host;
  const settings = readGwc(host.win._gwc, log);
  if (!settings) return () => {};
  const { userData } = settings;
  /** The GMS chat on the page, once watched; `started` once GMS has given it a chat ID. */
  let onPage: { session: GweChatSession; started: boolean } | null = null;
  const listeners: Array<(session: GweChatSession) => void> = [];
  const tell = (listener: (session: GweChatSession) => void, session: GweChatSession) => {
    try {
      listener(session);
    } catch (error) {
      log.error('_gwc: an onSession listener threw', error);
    }
  };

  /** Hands each GMS chat to the page's listeners once GMS has started it (it has a chat ID). */
  const watch = (session: MediaSession | null) => {
    if (!session || !isGmsChat(session)) return session;
    const entry = { session: gweChatSession(session, log), started: false };
    onPage = entry;
    const started = () => {
      if (entry.started || !session.chat()?.chatId) return;
      entry.started = true;
      for (const listener of [...listeners]) tell(listener, entry.session);
    };
    session.on('change', started);
    session.on('closed', () => {
      if (onPage === entry) onPage = null;
    });
    started();
    return session;
  };

  if (host.adapters.has('gms'))
    log.debug("_gwc: the page registered its own 'gms' adapter; onSession hears none of its chats");
  else {
    let builtIn: Promise<MediaAdapter & { resume(): Promise<MediaSession | null> }> | null = null;
    const gms = () =>
      (builtIn ??= import('../../widgets/gms/index.ts').then((chunk) =>
        chunk.createGmsAdapter(host),
      ));
    host.adapters.set('gms', {
      name: 'gms',
      party: 'second',
      open: async (context) => {
        const attachedData = { ...userData, ...context.attachedData };
        return watch(await (await gms()).open({ ...context, attachedData })) as MediaSession;
      },
      resume: async () => watch(await (await gms()).resume()),
    });
  }
  host.config.adapter ??= 'gms';

  const api: GweChatApi = {
    onSession: (listener) => {
      if (typeof listener !== 'function') {
        log.error('_gwc: chat.onSession takes a function; ignored');
        return;
      }
      listeners.push(listener);
      if (onPage?.started) tell(listener, onPage.session);
    },
    startChat: (options) =>
      gwePromise(
        new Promise<GweChatSession>((resolve, reject) => {
          const extra = attachedData(
            (options as { userData?: unknown } | undefined)?.userData,
            'startChat userData',
            log,
          );
          if (!extra)
            throw new GweError('invalid_options', 'startChat: userData must be an object');
          if (onPage) throw new GweError('chat_active', 'a chat is open on the page already');
          const drop = () => {
            const at = listeners.indexOf(once);
            if (at >= 0) listeners.splice(at, 1);
          };
          const once = (session: GweChatSession) => {
            drop();
            resolve(session);
          };
          const refuse = (code: string, description: string) => {
            drop();
            reject(new GweError(code, description));
          };
          listeners.push(once);
          void openChat(extra).then((session) => {
            if (!session) refuse('not_opened', 'the chat could not open');
            else if (!isGmsChat(session))
              refuse('not_on_page', 'the chat opened in a popup the page cannot reach');
            else session.on('closed', () => refuse('closed', 'the chat was closed'));
          });
        }),
        log,
      ),
    restoreChat: () =>
      gwePromise(onPage?.started ? Promise.resolve(onPage.session) : Promise.reject(null), log),
  };

  const ready = (callback: unknown) => {
    try {
      if (typeof callback === 'function') callback(api);
      else log.error('_gwc.onReady takes functions; ignored');
    } catch (error) {
      log.error('_gwc: an onReady callback threw', error);
    }
  };
  return () => {
    const queue = settings.onReady;
    for (const callback of [...queue]) ready(callback);
    // Like `_gt`, a callback pushed later runs at once.
    queue.push = (...callbacks: unknown[]) => {
      for (const callback of callbacks) ready(callback);
      return queue.length;
    };
  };
}
