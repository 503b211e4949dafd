import type { Clock } from '../../src/monitor/clock.ts';
import { GmsChatResponse } from '../../src/protocol/gms.ts';
import { retryAfterMs } from '../../src/shared/retry-after.ts';
import {
  type ChatEvent,
  type ChatSession,
  isOver,
  newChat,
  nextChat,
  retryDelay,
} from './chat-state.ts';

export const POLL_MS = 2000;
/** After this many transient failures in a row the chat gives up, and says so. */
export const MAX_FAILURES = 8;

export interface Registration {
  firstName: string;
  lastName: string;
  emailAddress?: string;
  subject?: string;
  text?: string;
}

export interface ChatClientOptions {
  /** The GMS base URL, e.g. `https://gms.example.com`; the chat routes are under /genesys/2/chat. */
  baseUrl: string;
  service: string;
  /** Sent as the `apikey` header, for GMS behind Apigee. */
  apikey?: string;
  fetch: typeof fetch;
  clock: Clock;
  random?: () => number;
  pollMs?: number;
  /** Called after every change; the adapter keeps the session so the next page can resume it. */
  onChange(session: ChatSession): void;
}

export interface ChatClient {
  session(): ChatSession;
  start(registration: Registration, userData: Record<string, string>): Promise<void>;
  /** Go on with a chat a previous page started. */
  resume(saved: ChatSession): void;
  send(text: string): Promise<void>;
  typing(on: boolean): Promise<void>;
  end(): Promise<void>;
  /** Stop polling (the page is leaving); the chat itself goes on. */
  stop(): void;
}

type Op = 'request' | 'send' | 'refresh' | 'startTyping' | 'stopTyping' | 'disconnect';

/**
 * Talks GMS Chat API v2 for one chat: every request goes through one queue, so they reach GMS in
 * order and each carries the alias of the answer before it; `refresh` polls every two seconds;
 * transient failures (network, 5xx, `statusCode` 1) are retried with backoff.
 */
export function createChatClient(options: ChatClientOptions): ChatClient {
  const { clock } = options;
  const pollMs = options.pollMs ?? POLL_MS;
  let session = newChat();
  let queue: Promise<unknown> = Promise.resolve();
  let pollTimer: unknown = null;
  let stopped = false;

  const apply = (event: ChatEvent) => {
    session = nextChat(session, event);
    options.onChange(session);
  };
  const sleep = (ms: number) => new Promise<void>((resolve) => clock.setTimeout(resolve, ms));
  /** What the service's last 429 or 503 asked for: no sooner than that. */
  let waitAtLeastMs = 0;

  const call = async (op: Op, fields: Record<string, string>) => {
    const base = `${options.baseUrl}/genesys/2/chat/${encodeURIComponent(options.service)}`;
    const url = op === 'request' ? base : `${base}/${session.chatId}/${op}`;
    const keys: Record<string, string> =
      op === 'request'
        ? {}
        : { alias: session.alias, secureKey: session.secureKey, userId: session.userId };
    let response: Response;
    try {
      response = await options.fetch(url, {
        method: 'POST',
        body: new URLSearchParams({ ...keys, ...fields }),
        headers: options.apikey ? { apikey: options.apikey } : {},
        credentials: 'omit',
      });
    } catch {
      apply({ type: 'transient' });
      return false;
    }
    if (response.status >= 500 || response.status === 429) {
      waitAtLeastMs = retryAfterMs(response) ?? 0;
      apply({ type: 'transient' });
      return false;
    }
    const parsed = GmsChatResponse.safeParse(await response.json().catch(() => null));
    if (!parsed.success) {
      apply({
        type: 'fatal',
        reason: `the chat service answered ${response.status} in an unknown shape`,
      });
      return true;
    }
    apply({ type: 'answer', response: parsed.data });
    return parsed.data.statusCode !== 1;
  };

  /** Queue one request; retried until GMS takes it, the chat ends, or it fails too often. */
  const enqueue = (op: Op, fields: () => Record<string, string> = () => ({})) => {
    const run = async () => {
      while (!stopped && (op === 'request' || !isOver(session))) {
        if (await call(op, fields())) return;
        if (session.failures >= MAX_FAILURES) {
          apply({
            type: 'fatal',
            reason: 'the chat service is not answering; please try again later',
          });
          return;
        }
        await sleep(Math.max(waitAtLeastMs, retryDelay(session.failures, options.random)));
        waitAtLeastMs = 0;
      }
    };
    queue = queue.then(run, run);
    return queue as Promise<void>;
  };

  const poll = () => {
    if (stopped || isOver(session) || pollTimer !== null) return;
    pollTimer = clock.setTimeout(() => {
      pollTimer = null;
      void enqueue('refresh', () => ({ transcriptPosition: String(session.nextPosition) })).then(
        poll,
      );
    }, pollMs);
  };

  return {
    session: () => session,
    start: async (registration, userData) => {
      apply({ type: 'request' });
      const fields: Record<string, string> = {
        firstName: registration.firstName,
        lastName: registration.lastName,
        ...(registration.emailAddress ? { emailAddress: registration.emailAddress } : {}),
        ...(registration.subject ? { subject: registration.subject } : {}),
        ...(registration.text ? { text: registration.text } : {}),
      };
      for (const [key, value] of Object.entries(userData)) fields[`userData[${key}]`] = value;
      await enqueue('request', () => fields);
      if (!isOver(session))
        await enqueue('refresh', () => ({ transcriptPosition: String(session.nextPosition) }));
      poll();
    },
    resume: (saved) => {
      session = saved;
      options.onChange(session);
      void enqueue('refresh', () => ({ transcriptPosition: String(session.nextPosition) })).then(
        poll,
      );
    },
    send: (text) => enqueue('send', () => ({ message: text })),
    typing: (on) => enqueue(on ? 'startTyping' : 'stopTyping'),
    end: () => enqueue('disconnect'),
    stop: () => {
      stopped = true;
      if (pollTimer !== null) clock.clearTimeout(pollTimer);
      pollTimer = null;
    },
  };
}
