import type { Clock } from '../../src/monitor/clock.ts';
import { GmsChatResponse } from '../../src/protocol/gms.ts';
import { limitsFromUserData } from '../../src/protocol/gms-files.ts';
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
  /** The visitor's name; empty when they gave none (GMS then has them as ANONYMOUS). */
  name: string;
  emailAddress?: string;
  subject?: string;
  text?: string;
}

/** The nickname of a visitor who gave no name: GMS requires one. */
export const ANONYMOUS = 'Visitor';

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
  /** A message; `messageType` is any name the site's routing or agent desktop reads. */
  send(text: string, messageType?: string): Promise<void>;
  typing(on: boolean): Promise<void>;
  /** The visitor's new name in the chat (updateNickname). */
  rename(nickname: string): Promise<void>;
  /** A notice for the agent's desktop rather than a message (customNotice). */
  notice(text: string): Promise<void>;
  /** Sends the agent a file; resolves with why it was refused, or null once it is in the chat. */
  upload(file: File, description?: string): Promise<string | null>;
  /** A file of the chat's, or why it cannot be had. */
  download(fileId: string): Promise<Blob | string>;
  end(): Promise<void>;
  /** Something new waits at GMS (a `beckon.chat` nudge): refresh now, not at the next poll. */
  nudge(): void;
  /** Stop polling (the page is leaving); the chat itself goes on. */
  stop(): void;
}

type Op =
  | 'request'
  | 'send'
  | 'refresh'
  | 'startTyping'
  | 'stopTyping'
  | 'disconnect'
  | 'updateNickname'
  | 'customNotice';

/**
 * Talks GMS Chat API v2 for one chat: every request goes through one queue, so they reach GMS in
 * order and each carries the alias of the answer before it; `refresh` polls every two seconds
 * (`pollMs`), and at once on a nudge; transient failures (network, 5xx, `statusCode` 1) are retried
 * with backoff.
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
    askLimits();
  };
  const sleep = (ms: number) => new Promise<void>((resolve) => clock.setTimeout(resolve, ms));
  /** What the service's last 429 or 503 asked for: no sooner than that. */
  let waitAtLeastMs = 0;

  const base = `${options.baseUrl}/genesys/2/chat/${encodeURIComponent(options.service)}`;
  const keys = () => ({
    alias: session.alias,
    secureKey: session.secureKey,
    userId: session.userId,
  });
  /** POST to the chat's `path` (the service's own for a request); a network failure throws. */
  const post = (path: string | null, body: URLSearchParams | FormData) =>
    options.fetch(path === null ? base : `${base}/${session.chatId}/${path}`, {
      method: 'POST',
      body,
      headers: options.apikey ? { apikey: options.apikey } : {},
      credentials: 'omit',
    });
  const answerOf = async (response: Response) =>
    GmsChatResponse.safeParse(await response.json().catch(() => null));

  const call = async (op: Op, fields: Record<string, string>) => {
    let response: Response;
    try {
      response = await post(
        op === 'request' ? null : op,
        new URLSearchParams({ ...(op === 'request' ? {} : keys()), ...fields }),
      );
    } catch {
      apply({ type: 'transient' });
      return false;
    }
    if (response.status >= 500 || response.status === 429) {
      waitAtLeastMs = retryAfterMs(response) ?? 0;
      apply({ type: 'transient' });
      return false;
    }
    const parsed = await answerOf(response);
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
    return inQueue(run);
  };
  /** Runs `work` after every request before it, so it carries the latest alias. */
  const inQueue = <T>(work: () => Promise<T>): Promise<T> => {
    const done = queue.then(work, work);
    queue = done.catch(() => undefined);
    return done;
  };

  /**
   * A file request's answer: the Response when it holds the file or GMS took the request, else
   * why not. A refusal here is about the file: the chat itself goes on, so it is not applied.
   */
  const fileCall = async (path: string, body: () => URLSearchParams | FormData) => {
    for (let attempt = 0; attempt < 2; attempt++) {
      let response: Response;
      try {
        response = await post(path, body());
      } catch {
        return 'the chat service is not answering; please try again';
      }
      if (response.status === 413) return 'the file is too large for the chat service';
      if (!(response.headers.get('content-type') ?? '').includes('json'))
        return response.ok ? response : `the chat service answered ${response.status}`;
      const parsed = await answerOf(response);
      if (!parsed.success)
        return `the chat service answered ${response.status} in an unknown shape`;
      const answer = parsed.data;
      if (answer.statusCode === 2)
        return answer.errors?.[0]?.advice ?? 'the chat service refused the file';
      // statusCode 1: the chat moved to another alias; take it and ask once more.
      if (answer.alias) apply({ type: 'answer', response: { ...answer, statusCode: 0 } });
      if (answer.statusCode === 0) return answer;
    }
    return 'the chat service is busy; please try again';
  };
  const fetchLimits = () =>
    inQueue(async () => {
      const answer = await fileCall('file/limits', () => new URLSearchParams(keys()));
      if (typeof answer === 'string' || answer instanceof Response) return;
      apply({ type: 'limits', limits: limitsFromUserData(answer.messages?.[0]?.userData) });
    });
  /** Limits are asked for once the chat exists and again once an agent is in (they may differ). */
  let limitsAskedAt: ChatSession['status'] | null = null;
  const askLimits = () => {
    const { status } = session;
    if (status !== limitsAskedAt && (status === 'waiting-agent' || status === 'connected')) {
      limitsAskedAt = status;
      void fetchLimits();
    }
  };

  /** A nudge came since the last refresh was asked for: the next one goes at once. */
  let nudged = false;
  const poll = () => {
    if (stopped || isOver(session) || pollTimer !== null) return;
    const delay = nudged ? 0 : pollMs;
    nudged = false;
    pollTimer = clock.setTimeout(() => {
      pollTimer = null;
      void enqueue('refresh', () => ({ transcriptPosition: String(session.nextPosition) })).then(
        poll,
      );
    }, delay);
  };

  return {
    session: () => session,
    start: async (registration, userData) => {
      apply({ type: 'request' });
      const fields: Record<string, string> = {
        nickname: registration.name || ANONYMOUS,
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
    // With the transcript position, GMS answers with what came since, the visitor's own message
    // among it: it shows at once, not at the next poll.
    send: (text, messageType) =>
      enqueue('send', () => ({
        message: text,
        ...(messageType ? { messageType } : {}),
        transcriptPosition: String(session.nextPosition),
      })),
    rename: (nickname) => enqueue('updateNickname', () => ({ nickname })),
    notice: (text) => enqueue('customNotice', () => ({ message: text })),
    typing: (on) => enqueue(on ? 'startTyping' : 'stopTyping'),
    upload: (file, description) =>
      inQueue(async () => {
        const answer = await fileCall('file', () => {
          const body = new FormData();
          for (const [key, value] of Object.entries(keys())) body.append(key, value);
          if (description) body.append('userData[file-description]', description);
          body.append('file', file, file.name);
          return body;
        });
        if (typeof answer === 'string') return answer;
        void enqueue('refresh', () => ({ transcriptPosition: String(session.nextPosition) }));
        void fetchLimits();
        return null;
      }),
    download: (fileId) =>
      inQueue(async () => {
        const answer = await fileCall(
          `file/${encodeURIComponent(fileId)}/download`,
          () => new URLSearchParams(keys()),
        );
        if (typeof answer === 'string') return answer;
        if (!(answer instanceof Response)) return 'the chat service sent no file';
        const blob = await answer.blob();
        void fetchLimits();
        return blob;
      }),
    end: () => enqueue('disconnect'),
    nudge: () => {
      nudged = true;
      // Without a poll waiting, a refresh is on its way: the poll after it comes at once.
      if (pollTimer === null) return;
      clock.clearTimeout(pollTimer);
      pollTimer = null;
      poll();
    },
    stop: () => {
      stopped = true;
      if (pollTimer !== null) clock.clearTimeout(pollTimer);
      pollTimer = null;
    },
  };
}
