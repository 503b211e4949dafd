import { atom } from 'nanostores';
import type { EngageHost } from '../../src/engage/host.ts';
import { MEDIA_KEY, type MediaAdapter, type MediaSession } from '../../src/media/adapter.ts';
import { sessionEvents } from '../../src/media/session-events.ts';
import { type Clock, systemClock } from '../../src/monitor/clock.ts';
import { newId } from '../../src/monitor/id.ts';
import { visitKey } from '../../src/monitor/visit.ts';
import type { InboxMessage } from '../../src/protocol/inbox.ts';
import type { MediaContext } from '../../src/protocol/media.ts';
import { MediaMessageData } from '../../src/protocol/notification.ts';
import { readJson } from '../../src/shared/read-json.ts';
import { type ContactState, mountContactPanel } from '../contact/index.tsx';
import {
  type Conversation,
  pending,
  startConversation,
  withContact,
  withFailure,
  withMessage,
  withOpen,
  withReply,
  withResult,
  withRetry,
} from './conversation.ts';
import { sendOnce } from './send.ts';

const MAX_BACKOFF_MS = 30_000;

/**
 * The `inbox` adapter: a contact form whose messages become tickets in an external inbox (SocialHub,
 * through the server's relay, which holds the channel token), with a person's replies shown as they
 * arrive. A message is retried until the relay acknowledges it, from this page or the next one: the
 * conversation lives in storage for the visit, so a reload shows it and sends what is still pending.
 */
export function createInboxAdapter(
  host: Pick<EngageHost, 'win' | 'config' | 'storage' | 'log' | 'now' | 'ids' | 'on' | 'off'>,
  clock: Clock = systemClock,
): MediaAdapter & { resume(): Promise<MediaSession | null> } {
  const url = `${host.config.endpoint.replace(/\/+$/, '')}/server/inbox/messages`;
  const fetchFn = host.win.fetch.bind(host.win);
  const read = () => {
    const saved = readJson<Conversation>(host.storage(), MEDIA_KEY);
    return saved?.adapter === 'inbox' && saved.visitID === host.ids()?.visitID ? saved : null;
  };

  const run = (start: Conversation): MediaSession => {
    const events = sessionEvents();
    let conversation = start;
    let panel: ReturnType<typeof mountContactPanel> | null = null;
    let ended = false;
    /** Messages this page is sending or waiting to send again, and how often it tried. */
    const busy = new Set<string>();
    const tries = new Map<string, number>();

    // Storage is the truth: another tab of the visit may have changed the conversation meanwhile.
    const update = (change: (c: Conversation) => Conversation) => {
      if (ended) return;
      conversation = change(read() ?? conversation);
      host.storage().set(MEDIA_KEY, JSON.stringify(conversation));
      render();
      pump();
    };

    const key = () => visitKey(host.storage(), conversation.visitID);
    const deliver = async (id: string, text: string) => {
      const { context, contact } = conversation;
      const body: InboxMessage = {
        clientMessageId: id,
        visitID: context.visitID,
        globalVisitID: context.globalVisitID,
        pageID: context.pageID,
        ...(context.proactive ? { webengagement: true } : {}),
        name: contact?.name ?? '',
        ...(contact?.email ? { email: contact.email } : {}),
        text,
        url: host.win.location.href.slice(0, 4096),
      };
      const attempt = await sendOnce(fetchFn, url, key(), body);
      if (attempt.outcome === 'retry') {
        const n = (tries.get(id) ?? 0) + 1;
        tries.set(id, n);
        if (n === 1) render();
        const backoff = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (n - 1)) * (0.75 + Math.random() / 2);
        clock.setTimeout(() => {
          busy.delete(id);
          pump();
        }, attempt.afterMs ?? backoff);
        return;
      }
      busy.delete(id);
      tries.delete(id);
      if (attempt.outcome === 'refused') {
        host.log.error(`inbox: message not delivered: ${attempt.reason}`);
        update((c) => withFailure(c, id, attempt.reason));
      } else update((c) => withResult(c, id, attempt.result));
    };
    const pump = () => {
      for (const entry of pending(conversation)) {
        if (ended || busy.has(entry.id)) continue;
        busy.add(entry.id);
        void deliver(entry.id, entry.text);
      }
    };

    const onReply = (payload: unknown) => {
      const parsed = MediaMessageData.safeParse(payload);
      if (!parsed.success) return;
      update((c) => withReply(c, parsed.data, host.now()));
      events.emit('message', parsed.data);
    };
    const onStorage = (event: StorageEvent) => {
      if (event.key !== MEDIA_KEY) return;
      conversation = read() ?? conversation;
      render();
    };

    const hide = () => {
      panel?.close();
      panel = null;
    };
    /** What the panel shows, while it is open: it subscribes. */
    const $contact = atom<ContactState>({ conversation, retrying: new Set() });
    const render = () => {
      $contact.set({ conversation, retrying: new Set(tries.keys()) });
      if (!conversation.open) return hide();
      panel ??= mountContactPanel(host.win.document, host.config.theme, $contact, {
        onWrite: (contact, text) =>
          update((c) => withMessage(withContact(c, contact), newId(), text, host.now())),
        onSend: (text) => update((c) => withMessage(c, newId(), text, host.now())),
        onRetry: (id) => update((c) => withRetry(c, id)),
        onClose: () => {
          update((c) => withOpen(c, false));
          events.emit('closed');
        },
      });
    };

    host.on('message', onReply);
    host.win.addEventListener('storage', onStorage);
    update((c) => c);
    return {
      close: () => {
        ended = true;
        host.off('message', onReply);
        host.win.removeEventListener('storage', onStorage);
        host.storage().remove(MEDIA_KEY);
        hide();
        events.emit('closed');
      },
      on: events.on,
    };
  };

  return {
    name: 'inbox',
    party: 'third',
    open: async (context: MediaContext) => {
      const earlier = read();
      return run(earlier ? withOpen(earlier, true) : startConversation(context));
    },
    resume: async () => {
      const saved = read();
      return saved ? run(saved) : null;
    },
  };
}
