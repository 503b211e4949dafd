import type { InboxMessage, InboxResult } from '../../src/protocol/inbox.ts';
import type { InboxStore } from '../store/inbox-store.ts';
import type { DuplicateWindow } from './duplicate-window.ts';

export const MAX_ATTEMPTS = 6;
/** The manifest's ticket action an agent's answer arrives as. */
export const REPLY_ACTION = 'reply';
const REQUEST_TIMEOUT_MS = 10_000;
const RETRY_AFTER_CAP_S = 60;

/** SocialHub refused for good (bad token, deactivated channel, bad request), or never answered. */
export class RelayError extends Error {
  constructor(
    readonly kind: 'refused' | 'unavailable',
    message: string,
  ) {
    super(message);
  }
}

/** SocialHub's refusal, with its status and error body (`{code, message}`) in the message. */
async function refusal(response: Response, what: string) {
  const error = (await response.json().catch(() => ({}))) as { code?: string; message?: string };
  return new RelayError(
    'refused',
    `${what}: ${response.status} ${error.code ?? ''} ${error.message ?? ''}`.trim(),
  );
}

export interface RelayOptions {
  /** SocialHub's API base, e.g. https://api.socialhub.io (or the mock's). */
  baseUrl: string;
  /** The channel's access token, if one is connected: kept on the server, never sent to the browser. */
  token: () => Promise<string | undefined>;
  store: InboxStore;
  window: DuplicateWindow;
  /** False when "do not store personal data" is set: email and phone are not kept. */
  keepPersonalData: boolean;
  fetch?: typeof fetch;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** What the agent reads under the visitor's text: the engagement's attached data. */
function withAttachedData(message: InboxMessage): string {
  const lines = [
    `visitID: ${message.visitID}`,
    `pageID: ${message.pageID}`,
    ...(message.webengagement ? ['webengagement: (proactive)'] : []),
    ...(message.email ? [`email: ${message.email}`] : []),
    ...(message.phone ? [`phone: ${message.phone}`] : []),
  ];
  return `${message.text}\n\n--\n${lines.join('\n')}`;
}

/**
 * Forwards visitor messages to SocialHub as tickets. The ticket's `networkItemId` comes from the
 * client's message id, so a retried send never makes two tickets (409 counts as delivered); the
 * visit's messages share one thread (`root.rootId`); 429 waits for `Retry-After`, 5xx and network
 * failures back off; the same text from the same visitor within the window is not forwarded again.
 */
export function createInboxRelay(options: RelayOptions) {
  const fetchFn = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  const sleep =
    options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const base = options.baseUrl.replace(/\/+$/, '');
  const withToken = async (path: string) => {
    const token = await options.token();
    if (!token)
      throw new RelayError(
        'unavailable',
        'no SocialHub channel is connected yet: set BECKON_INBOX_TOKEN or add the channel in SocialHub',
      );
    return `${base}${path}?accesstoken=${encodeURIComponent(token)}`;
  };
  const call = async (method: string, path: string, body: unknown) => {
    const response = await fetchFn(await withToken(path), {
      method,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    if (!response.ok) throw await refusal(response, `SocialHub ${method} ${path}`);
    return response.json().catch(() => ({}));
  };

  const keep = (message: InboxMessage, networkItemId: string, ticketId: string | null) =>
    options.store.save({
      networkItemId,
      visitID: message.visitID,
      ticketId,
      name: message.name,
      email: options.keepPersonalData ? (message.email ?? null) : null,
      phone: options.keepPersonalData ? (message.phone ?? null) : null,
      text: message.text,
      createdAt: now(),
    });

  return {
    /**
     * Declares the channel's `reply` action and where its webhook goes; SocialHub tests the webhook
     * at once, so the server must already be listening.
     */
    registerManifest: (webhookUrl: string, secret: string) =>
      call('PATCH', '/manifest', {
        inbox: {
          ticketActions: [
            {
              id: REPLY_ACTION,
              type: 'reply',
              label: { en: 'Reply', de: 'Antworten', fr: 'Répondre' },
              config: { maxLength: 10_000 },
            },
          ],
        },
        webhook: { url: webhookUrl, secret },
      }),
    /** Tells SocialHub the reply reached the visitor. */
    confirmReply: (ticketId: string, followupId: string) =>
      call(
        'POST',
        `/inbox/tickets/${encodeURIComponent(ticketId)}/replies/${encodeURIComponent(followupId)}/success`,
        {},
      ),
    /** Tells SocialHub an action could not be carried out, so the agent sees it failed. */
    resetAction: (
      ticketId: string,
      actionId: string,
      followupId: string | undefined,
      reason: string,
    ) =>
      call(
        'POST',
        `/inbox/tickets/${encodeURIComponent(ticketId)}/reset/${encodeURIComponent(actionId)}`,
        {
          ...(followupId ? { followupId } : {}),
          reason,
        },
      ),
    send: async (message: InboxMessage): Promise<InboxResult> => {
      const ticketsUrl = await withToken('/inbox/tickets');
      const networkItemId = `beckon-${message.clientMessageId}`;
      // A retry of a message already forwarded is not a duplicate text: let SocialHub's 409 say so.
      const known = await options.store.byNetworkItemId(networkItemId);
      if (
        !known &&
        !(await options.window.shouldForward(message.globalVisitID, message.text, now()))
      )
        return { status: 'suppressed' };
      const body = JSON.stringify({
        interaction: {
          message: withAttachedData(message),
          networkItemId,
          interactor: { interactorId: message.globalVisitID, name: message.name },
          root: { rootId: `beckon-visit-${message.visitID}` },
          ...(message.url ? { url: message.url } : {}),
        },
      });
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        let response: Response | null = null;
        try {
          response = await fetchFn(ticketsUrl, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body,
            signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
          });
        } catch {
          // A timeout may still have made the ticket; the next attempt's 409 will tell.
        }
        if (response?.status === 201) {
          const ticket = (await response.json()) as { _id?: string };
          await keep(message, networkItemId, ticket._id ?? null);
          return { status: 'delivered' };
        }
        if (response?.status === 409) {
          await keep(message, networkItemId, null);
          return { status: 'duplicate' };
        }
        if (response && response.status !== 429 && response.status < 500) {
          throw await refusal(response, 'SocialHub refused the ticket');
        }
        if (attempt === MAX_ATTEMPTS) break;
        const retryAfter = Number(response?.headers.get('retry-after'));
        await sleep(
          response?.status === 429 && Number.isFinite(retryAfter) && retryAfter >= 0
            ? Math.min(retryAfter, RETRY_AFTER_CAP_S) * 1000
            : 1000 * 2 ** (attempt - 1),
        );
      }
      throw new RelayError(
        'unavailable',
        `SocialHub did not take the ticket after ${MAX_ATTEMPTS} attempts`,
      );
    },
  };
}
