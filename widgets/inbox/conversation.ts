import type { InboxResult } from '../../src/protocol/inbox.ts';
import type { MediaContext } from '../../src/protocol/media.ts';
import type { MediaMessageData } from '../../src/protocol/notification.ts';

/** Who writes: asked once, then every message of the visit goes out under it. */
export interface Contact {
  name: string;
  email?: string;
}

/** What happened to a visitor's message: on its way, in the inbox, or refused for good. */
export type Delivery =
  | { status: 'sending' }
  | { status: 'sent' }
  /** The same text went out moments ago: the relay did not forward it again. */
  | { status: 'held' }
  | { status: 'failed'; reason: string };

export type Entry =
  | ({ kind: 'visitor'; id: string; text: string; at: number } & Delivery)
  | { kind: 'agent'; id: string; text: string; at: number; from: string };

/**
 * One visit's conversation with the inbox, as it is kept in storage (MEDIA_KEY) so every page of the
 * visit shows it and sends what is still on its way. `open` is whether the panel shows; a closed
 * conversation still hears replies, and a reply opens it again.
 */
export interface Conversation {
  visitID: string;
  adapter: 'inbox';
  context: MediaContext;
  contact: Contact | null;
  entries: Entry[];
  open: boolean;
}

export const startConversation = (context: MediaContext): Conversation => ({
  visitID: context.visitID,
  adapter: 'inbox',
  context,
  contact: null,
  entries: [],
  open: true,
});

export const withContact = (c: Conversation, contact: Contact): Conversation => ({ ...c, contact });

export const withOpen = (c: Conversation, open: boolean): Conversation =>
  c.open === open ? c : { ...c, open };

export const withMessage = (
  c: Conversation,
  id: string,
  text: string,
  at: number,
): Conversation => ({
  ...c,
  entries: [...c.entries, { kind: 'visitor', id, text, at, status: 'sending' }],
});

const withDelivery = (c: Conversation, id: string, delivery: Delivery): Conversation => ({
  ...c,
  entries: c.entries.map((entry) =>
    entry.kind === 'visitor' && entry.id === id
      ? { kind: 'visitor', id, text: entry.text, at: entry.at, ...delivery }
      : entry,
  ),
});

/** The relay's answer: delivered and duplicate both mean the inbox has it. */
export const withResult = (c: Conversation, id: string, result: InboxResult): Conversation =>
  withDelivery(c, id, { status: result.status === 'suppressed' ? 'held' : 'sent' });

export const withFailure = (c: Conversation, id: string, reason: string): Conversation =>
  withDelivery(c, id, { status: 'failed', reason });

/** The visitor asks to try a refused message again. */
export const withRetry = (c: Conversation, id: string): Conversation =>
  withDelivery(c, id, { status: 'sending' });

/** A person's reply; one already shown (another tab, a replay after reconnecting) is not added. */
export const withReply = (c: Conversation, reply: MediaMessageData, at: number): Conversation => {
  const id = reply.id ?? `${at}`;
  if (c.entries.some((entry) => entry.kind === 'agent' && entry.id === id)) return c;
  return {
    ...c,
    open: true,
    entries: [
      ...c.entries,
      { kind: 'agent', id, text: reply.text, at, from: reply.from ?? 'Agent' },
    ],
  };
};

export const pending = (c: Conversation) =>
  c.entries.filter((entry) => entry.kind === 'visitor' && entry.status === 'sending');
