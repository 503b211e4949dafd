import { atom } from 'nanostores';
import type { EngageHost } from '../../src/engage/host.ts';
import { MEDIA_KEY, type MediaAdapter, type MediaSession } from '../../src/media/adapter.ts';
import { sessionEvents } from '../../src/media/session-events.ts';
import { systemClock } from '../../src/monitor/clock.ts';
import { fileRefusal } from '../../src/protocol/gms-files.ts';
import { SCENARIOS, type ScenarioName } from '../../src/protocol/gms-scenarios.ts';
import type { MediaContext } from '../../src/protocol/media.ts';
import type { ChatNudgeData } from '../../src/protocol/notification.ts';
import { readJson } from '../../src/shared/read-json.ts';
import { type ChatState, mountChatPanel } from '../chat/index.tsx';
import { saveFile } from '../chat/save-file.ts';
import { chatStrings } from '../chat/strings.ts';
import { transcriptText } from '../chat/transcript-text.ts';
import { type ChatClient, createChatClient, type Registration } from './chat-client.ts';
import { chatStart } from './chat-start.ts';
import { type ChatSession, isOver } from './chat-state.ts';
import { chatTarget, stepFor } from './dialog.ts';
import { postService, serviceHeaders } from './gms-api.ts';

interface SavedChat {
  visitID: string;
  adapter: 'gms';
  context: MediaContext;
  chat: { baseUrl: string; service: string; session: ChatSession };
}

const CHAT_SCENARIOS = ['CHAT-NOW', 'CHAT-WAIT', 'REQUEST-CHAT'];

/**
 * A GMS chat on the page, as the page's own code may drive it (GWE's chat API, src/gwe/): it emits
 * `change` with the chat after every answer from GMS, besides `closed`.
 */
export interface GmsChat extends MediaSession {
  /** The chat as it stands, or null while the visitor fills in the form. */
  chat(): ChatSession | null;
  /** Started and not yet ended or failed: messages can go. */
  live(): boolean;
  /**
   * Sends the visitor's message (with a `messageType` the agent's side reads, if given); resolves
   * once GMS took it, or the chat ended or failed. `rename` and `notice` likewise, for GMS's
   * updateNickname and customNotice.
   */
  send(text: string, messageType?: string): Promise<void>;
  rename(nickname: string): Promise<void>;
  notice(text: string): Promise<void>;
}

/**
 * The `gms` adapter: chat and callback through Genesys Mobile Services. The scenario (from the offer,
 * else config, else CHAT-NOW) goes to the callback service, whose `_action` dialog leads to a Chat
 * API v2 chat (StartChat), a confirmation, a number to dial or a menu; REQUEST-CHAT uses the builtin
 * request-chat service; voice scenarios and REQUEST-INTERACTION open the callback panel
 * (callback-flow.ts). The attached data travels as `userData[...]`. A running chat is kept in
 * storage, so the next page of the visit shows the transcript and goes on.
 */
export function createGmsAdapter(
  host: Pick<EngageHost, 'win' | 'config' | 'storage' | 'log'> &
    Partial<Pick<EngageHost, 'on' | 'off' | 'track'>>,
  layout: 'panel' | 'page' = 'panel',
): MediaAdapter & {
  resume(): Promise<MediaSession | null>;
} {
  const config = host.config.gms ?? {};
  const baseUrl = (config.baseUrl ?? host.config.endpoint).replace(/\/+$/, '');
  const fetchFn = host.win.fetch.bind(host.win);

  const run = (context: MediaContext, saved: SavedChat['chat'] | null): GmsChat => {
    const events = sessionEvents();
    const gmsHeaders = serviceHeaders(config, context);
    /** What the panel shows: it subscribes, and every change below is a change of this store. */
    const $chat = atom<ChatState>({
      session: saved?.session ?? null,
      step: null,
      error: null,
      notice: null,
      outgoing: [],
      rating: null,
    });
    const put = (changes: Partial<ChatState>) => $chat.set({ ...$chat.get(), ...changes });
    const session = () => $chat.get().session;
    let client: ChatClient | null = null;
    let target = saved ? { baseUrl: saved.baseUrl, service: saved.service } : null;
    let registration: Registration | null = null;
    let sends = 0;

    const persist = () => {
      const now = session();
      if (now && target && !isOver(now)) {
        const record: SavedChat = {
          visitID: context.visitID,
          adapter: 'gms',
          context,
          chat: { ...target, session: now },
        };
        host.storage().set(MEDIA_KEY, JSON.stringify(record));
      } else host.storage().remove(MEDIA_KEY);
    };
    // The visit's stream says when GMS has something new for this chat (Beckon's own service puts a
    // `beckon.chat` nudge on it; a real GMS does not, and polling finds it).
    const onNudge = (data: unknown) => {
      const chatId = session()?.chatId;
      if (chatId && (data as ChatNudgeData).chatId === chatId) client?.nudge();
    };
    host.on?.('chat', onNudge);
    const fail = (message: string) => {
      host.log.error(`gms: ${message}`);
      put({ error: message });
    };
    /** A client for the chat at `where`, whose every change is saved and shown. */
    const connect = (where: { baseUrl: string; service: string }) => {
      target = where;
      return createChatClient({
        ...where,
        ...(config.apikey ? { apikey: config.apikey } : {}),
        ...(config.pollSeconds ? { pollMs: config.pollSeconds * 1000 } : {}),
        fetch: fetchFn,
        clock: systemClock,
        onChange: (next) => {
          put({ session: next });
          persist();
          events.emit('change', next);
          events.emit(
            'incoming',
            next.transcript.filter((m) => m.from.type === 'Agent' && m.type === 'Message').length,
          );
        },
      });
    };
    const startChat = (where: { baseUrl: string; service: string }, given: Registration) => {
      client = connect(where);
      void client.start(given, context.attachedData);
    };
    const follow = async (answer: Awaited<ReturnType<typeof postService>>, given: Registration) => {
      if ('_chatIxnAPI-CREATE-URL' in answer)
        return startChat(chatTarget(answer['_chatIxnAPI-CREATE-URL'], baseUrl), given);
      const step = stepFor(answer);
      put({ step });
      if (step.kind === 'start-chat')
        startChat(chatTarget(step.url, baseUrl), {
          ...given,
          subject: given.subject ?? step.subject,
        });
    };

    const panel = mountChatPanel(host.win.document, layout, host.config.theme, $chat, {
      requireName: config.requireName === true,
      text: chatStrings(
        host.config.languageCode ?? (host.win.document.documentElement.lang || 'en'),
      ),
      knownName: knownName(context.user),
      onNewChat: () => {
        client?.stop();
        client = null;
        registration = null;
        $chat.set({
          session: null,
          step: null,
          error: null,
          notice: null,
          outgoing: [],
          rating: null,
        });
        persist();
      },
      onRegister: (given) => {
        registration = given;
        put({ error: null });
        const how = chatStart(context, config, baseUrl, given);
        if (how.kind === 'direct') return startChat({ baseUrl, service: how.service }, given);
        postService(fetchFn, how.url, how.fields, gmsHeaders)
          .then((answer) => follow(answer, given))
          .catch((reason: Error) => fail(reason.message));
      },
      onRate: host.track
        ? (given) => {
            put({ rating: given });
            host.track?.('BUSINESS', 'ChatRated', { rating: given, chatId: session()?.chatId });
          }
        : undefined,
      onSaveTranscript: () => {
        const now = session();
        if (!now) return;
        const title = `Chat, ${new Date().toLocaleString()}`;
        const file = new Blob([transcriptText(now, title)], { type: 'text/plain' });
        saveFile(host.win.document, file, `chat-${new Date().toISOString().slice(0, 10)}.txt`);
      },
      onSend: (said) => {
        const sending = client;
        if (!sending) return;
        const entry = { id: ++sends, text: said, failed: false };
        put({ outgoing: [...$chat.get().outgoing, entry] });
        void sending.send(said).then(() => {
          // Sent, it is in the transcript now; a chat that failed or ended first never got it.
          const now = session();
          const delivered = now !== null && !isOver(now);
          const { outgoing } = $chat.get();
          put({
            outgoing: delivered
              ? outgoing.filter((other) => other !== entry)
              : outgoing.map((other) => (other === entry ? { ...other, failed: true } : other)),
          });
        });
      },
      onTyping: (on) => void client?.typing(on),
      onAttach: (file) => {
        const limits = session()?.files;
        const refusal = limits
          ? fileRefusal(file, limits, session()?.status === 'connected')
          : 'This chat takes no files.';
        if (refusal || !client) return put({ error: refusal });
        put({ error: null, notice: `Sending ${file.name}…` });
        void client
          .upload(file)
          .then((advice) =>
            put({ notice: null, error: advice && `${file.name} was not sent: ${advice}` }),
          );
      },
      onDownload: (file) => {
        void client?.download(file.id).then((got) => {
          if (typeof got !== 'string') return saveFile(host.win.document, got, file.name);
          put({ error: `${file.name} could not be downloaded: ${got}` });
        });
      },
      onMenu: (url) => {
        if (!registration) return;
        const chosen = registration;
        postService(fetchFn, new URL(url, `${baseUrl}/`).href, {}, gmsHeaders)
          .then((answer) => follow(answer, chosen))
          .catch((reason: Error) => fail(reason.message));
      },
      onEnd: () => void client?.end().then(persist),
      onClose: () => close(),
      // The popup is a window of its own: the visitor minimises that.
      onMinimise:
        layout === 'panel'
          ? () => {
              minimise();
              events.emit('minimised');
            }
          : undefined,
    });
    // A chat taken up minimised on a new page is minimised by the launcher before the first paint.
    const { box } = panel;
    const minimise = () => {
      box.hidden = true;
    };
    const restore = () => {
      if (!box.hidden) return;
      box.hidden = false;
      // The composer, else the form's first field (the file picker has no name), else the first button.
      const field = (selector: string) => box.querySelector<HTMLElement>(selector);
      (field('textarea') ?? field('input[name]') ?? field('button'))?.focus();
    };
    const close = () => {
      host.off?.('chat', onNudge);
      client?.stop();
      panel.close();
      host.storage().remove(MEDIA_KEY);
      events.emit('closed');
    };

    if (saved && target) {
      client = connect(target);
      client.resume(saved.session);
    }
    /** The chat's client, once the chat has started; calls before that are refused. */
    const started = () => {
      if (client) return client;
      const refused = () => Promise.reject(new Error('no chat yet'));
      return { send: refused, rename: refused, notice: refused };
    };
    // The page is leaving: stop polling; the saved chat goes on on the next page.
    host.win.addEventListener('pagehide', () => client?.stop(), { once: true });
    return {
      close,
      on: events.on,
      minimise,
      restore,
      chat: session,
      live: () => {
        const now = session();
        return now !== null && !isOver(now);
      },
      send: (text, messageType) => started().send(text, messageType),
      rename: (nickname) => started().rename(nickname),
      notice: (text) => started().notice(text),
    };
  };

  return {
    name: 'gms',
    party: 'second',
    open: async (context) => {
      const scenario = context.scenario ?? config.scenario ?? 'CHAT-NOW';
      if (CHAT_SCENARIOS.includes(scenario)) {
        if (config.mode === 'popup' && layout === 'panel') {
          // Its own chunk, as the callback's below: pages that chat on the page never load it.
          const { openPopup } = await import('./popup.ts');
          const popup = openPopup(host, context, { baseUrl, config, theme: host.config.theme });
          if (popup) return popup;
          host.log.warn('gms: the chat popup was blocked; the chat opens on the page instead');
        }
        return run(context, null);
      }
      if (scenario === 'REQUEST-INTERACTION' || scenario in SCENARIOS) {
        // The callback panel and its flow are a chunk of their own: chat-only pages never load them.
        const { runCallback } = await import('./callback-flow.ts');
        return runCallback(host, context, scenario as ScenarioName | 'REQUEST-INTERACTION', {
          baseUrl,
          config,
        });
      }
      throw new Error(
        `unknown GMS scenario ${scenario}; expected one of ${['REQUEST-CHAT', 'REQUEST-INTERACTION', ...Object.keys(SCENARIOS)].join(', ')}`,
      );
    },
    resume: async () => {
      const saved = readJson<SavedChat>(host.storage(), MEDIA_KEY);
      if (saved?.adapter !== 'gms' || isOver(saved.chat.session)) return null;
      return run(saved.context, saved.chat);
    },
  };
}

/** The visitor's name as the site told Beckon (UserInfo or SignIn data), or empty. */
function knownName(user: MediaContext['user']): string {
  if (!user) return '';
  return (user.name ?? [user.firstName, user.lastName].filter(Boolean).join(' ')).trim();
}
