import type { InboxStore } from '../store/inbox-store.ts';

const REQUEST_TIMEOUT_MS = 10_000;

/** Why a channel could not be connected, with the HTTP status the callback page answers. */
export class ChannelError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The claims of SocialHub's channel-creation token (a JWT that lives 30 minutes). Only SocialHub can
 * check its signature, which it does on `POST /channels`; the server reads the claims to pin the
 * account and to say clearly when a token has expired.
 */
function creationClaims(token: string): { accountId?: unknown; exp?: unknown } | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
}

export interface InboxChannelOptions {
  baseUrl: string;
  store: InboxStore;
  /** A channel token given in the environment (single-customer Custom Channel): it always wins. */
  configuredToken?: string | undefined;
  fetch?: typeof fetch;
  now?: () => number;
}

/**
 * The channel the relay writes to. Either its token is configured, or SocialHub's "Add channel"
 * (reusable manifests) sends an administrator to the channel-creation callback with a temporary
 * token, which `connect` trades for the channel's own token with `POST /channels` and keeps. Once a
 * channel is connected, only a token of the same SocialHub account may replace it, so nobody can
 * point the server's inbox at an account of their own.
 */
export function createInboxChannel(options: InboxChannelOptions) {
  const fetchFn = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  const base = options.baseUrl.replace(/\/+$/, '');
  return {
    /**
     * The channel's token: the configured one, else the channel connected last, on whichever node
     * SocialHub's callback reached (read from the database each time).
     */
    token: async (): Promise<string | undefined> =>
      options.configuredToken ?? (await options.store.latestChannel())?.accessToken,
    /** Whether the manifest is this server's to set (it is not for a reusable manifest). */
    ownsManifest: () => options.configuredToken !== undefined,
    connect: async (creationToken: string) => {
      if (options.configuredToken)
        throw new ChannelError(
          409,
          'BECKON_INBOX_TOKEN is set, so this server uses that channel; unset it to connect one from SocialHub',
        );
      const claims = creationClaims(creationToken);
      if (typeof claims?.accountId !== 'string')
        throw new ChannelError(400, 'token is not a SocialHub channel-creation token');
      if (typeof claims.exp === 'number' && claims.exp * 1000 < now())
        throw new ChannelError(
          400,
          'token has expired (they last 30 minutes); add the channel again in SocialHub',
        );
      const connected = await options.store.latestChannel();
      if (connected && connected.accountId !== claims.accountId)
        throw new ChannelError(
          403,
          'token belongs to another SocialHub account than the channel this server already uses',
        );
      const response = await fetchFn(
        `${base}/channels?accesstoken=${encodeURIComponent(creationToken)}`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          // Reactivation matches by uniqueName: adding the channel again keeps its tickets.
          body: JSON.stringify({
            name: 'Beckon web engagement',
            uniqueName: 'beckon',
            endpoint: {},
          }),
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        },
      ).catch(() => null);
      if (!response) throw new ChannelError(502, 'SocialHub could not be reached; try again');
      const body = (await response.json().catch(() => ({}))) as {
        _id?: string;
        code?: string;
        message?: string;
        endpoint?: { accessToken?: string };
      };
      if (response.status !== 201 || !body._id || !body.endpoint?.accessToken)
        throw new ChannelError(
          502,
          `SocialHub did not create the channel: ${response.status} ${body.code ?? ''} ${body.message ?? ''}`.trim(),
        );
      await options.store.saveChannel({
        channelId: body._id,
        accountId: claims.accountId,
        accessToken: body.endpoint.accessToken,
        connectedAt: now(),
      });
      return { channelId: body._id };
    },
  };
}

export type InboxChannel = ReturnType<typeof createInboxChannel>;
