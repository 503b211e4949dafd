import type { GmsChatMessage, GmsChatResponse } from '../../src/protocol/gms.ts';
import type { FileLimits } from '../../src/protocol/gms-files.ts';
import { GMS_MESSAGE_TYPES } from '../../src/protocol/gms-scenarios.ts';

/**
 * A GMS chat as the visitor's page sees it, as plain data. The client (chat-client.ts) talks HTTP and
 * feeds answers in; this decides what they mean: `statusCode` 0 moves on, 1 means retry later with
 * the alias it brings, 2 ends it. The alias of the latest answer is always the one sent next.
 */
export interface ChatSession {
  status: 'idle' | 'requesting' | 'waiting-agent' | 'connected' | 'ended' | 'failed';
  chatId: string | null;
  alias: string;
  secureKey: string;
  userId: string;
  nextPosition: number;
  /** Messages, pushed URLs and participants joining or leaving; typing is kept as a flag. */
  transcript: GmsChatMessage[];
  agentTyping: boolean;
  /** What the chat takes in files and what the visitor has used; null while unknown or none. */
  files: FileLimits | null;
  /** Transient failures in a row: the backoff grows with them. */
  failures: number;
  error: string | null;
}

export type ChatEvent =
  | { type: 'request' }
  | { type: 'answer'; response: GmsChatResponse }
  | { type: 'limits'; limits: FileLimits | null }
  | { type: 'transient' }
  | { type: 'fatal'; reason: string };

export const newChat = (): ChatSession => ({
  status: 'idle',
  chatId: null,
  alias: '',
  secureKey: '',
  userId: '',
  nextPosition: 1,
  transcript: [],
  agentTyping: false,
  files: null,
  failures: 0,
  error: null,
});

export const CHAT_RETRY_BASE_MS = 1000;
export const CHAT_RETRY_MAX_MS = 16_000;

/** How long to wait after `failures` transient failures in a row, with jitter. */
export function retryDelay(failures: number, random: () => number = Math.random): number {
  return Math.round(
    Math.min(CHAT_RETRY_MAX_MS, CHAT_RETRY_BASE_MS * 2 ** Math.max(0, failures - 1)) *
      (0.5 + random() / 2),
  );
}

export const isOver = (session: ChatSession) =>
  session.status === 'ended' || session.status === 'failed';

function merge(session: ChatSession, response: GmsChatResponse): ChatSession {
  let { status, agentTyping } = session;
  const transcript = [...session.transcript];
  const known = new Set(transcript.map((message) => message.index));
  const messages = response.messages ?? [];
  for (const message of messages) {
    // Index 0 is a notice outside the transcript (a file-limits answer), not an entry.
    if (known.has(message.index) || message.index < 1) continue;
    known.add(message.index);
    if (!(GMS_MESSAGE_TYPES as readonly string[]).includes(message.type)) continue;
    const byAgent = message.from.type === 'Agent';
    if (message.type === 'TypingStarted' || message.type === 'TypingStopped') {
      if (byAgent) agentTyping = message.type === 'TypingStarted';
      continue;
    }
    transcript.push(message);
    if (byAgent && message.type === 'ParticipantJoined') status = 'connected';
    if (byAgent && (message.type === 'Message' || message.type === 'ParticipantLeft'))
      agentTyping = false;
  }
  transcript.sort((a, b) => a.index - b.index);
  const last = messages.reduce((top, message) => Math.max(top, message.index), 0);
  const nextPosition = Math.max(
    session.nextPosition,
    messages.length ? (response.nextPosition ?? last + 1) : session.nextPosition,
  );
  if (status === 'requesting') status = 'waiting-agent';
  return { ...session, transcript, agentTyping, status, nextPosition };
}

export function nextChat(session: ChatSession, event: ChatEvent): ChatSession {
  if (isOver(session) && event.type !== 'request') return session;
  switch (event.type) {
    case 'request':
      return { ...newChat(), status: 'requesting' };
    case 'transient':
      return { ...session, failures: session.failures + 1 };
    case 'limits':
      return { ...session, files: event.limits };
    case 'fatal':
      return { ...session, status: 'failed', error: event.reason, agentTyping: false };
    case 'answer': {
      const { response } = event;
      const ids = {
        chatId: response.chatId || session.chatId,
        alias: response.alias || session.alias,
        secureKey: response.secureKey || session.secureKey,
        userId: response.userId || session.userId,
      };
      if (response.statusCode === 1) return { ...session, ...ids, failures: session.failures + 1 };
      if (response.statusCode === 2) {
        const ended = response.chatEnded === true;
        return {
          ...session,
          ...ids,
          status: ended ? 'ended' : 'failed',
          agentTyping: false,
          error: ended
            ? null
            : (response.errors?.[0]?.advice ?? 'the chat service refused the request'),
        };
      }
      const merged = merge({ ...session, ...ids, failures: 0 }, response);
      return response.chatEnded ? { ...merged, status: 'ended', agentTyping: false } : merged;
    }
  }
}
