import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Fastify, { type FastifyReply } from 'fastify';
import { securityHeaders } from '../http/security-headers.ts';
import { projectRoot } from '../settings.ts';
import { challengeFor, signatureFor } from './signature.ts';

/**
 * A SocialHub-compatible Inbox API for the demo and the tests (the real one cannot be reached from
 * here): `accesstoken` auth, `PATCH /manifest`, `POST /inbox/tickets` with `networkItemId`
 * uniqueness (409 `ConflictError`), reply confirmation and action reset, error bodies
 * `{code, message}`, per-channel rate-limit headers with 429 and `Retry-After`, and signed webhooks
 * (tested when the manifest sets one, and sent for a person's reply), and `POST /channels` with a
 * 30-minute channel-creation token. Under `/ui/` (no token: a loopback demo tool) a small inbox page
 * where a person reads the tickets and replies, and "Add channel", which sends them to the
 * channel-creation callback as SocialHub does.
 * Deviation: webhook URLs may be plain http on loopback.
 */
export interface MockTicket {
  _id: string;
  channelId: string;
  accountId: string;
  createdTime: string;
  interaction: {
    message?: string;
    networkItemId: string;
    interactor: { interactorId: string; name: string };
    url?: string;
    root?: { rootId: string };
  };
  /** What a person answered in the inbox page (or a test), each with the followupId it went out as. */
  replies: Array<{ followupId: string; text: string; time: number }>;
  confirmedReplies: string[];
  resets: Array<{ actionId: string; followupId?: string; reason?: string }>;
}

export interface SocialHubMockOptions {
  accessToken: string;
  /** Requests allowed per window for the channel (SocialHub's limit; the window is undocumented). */
  rateLimit?: { limit: number; windowMs: number };
  /**
   * What opens the inbox page (`/ui/?key=…`, then a cookie): it shows every ticket, so it is not
   * open to whoever reaches the port. Default: a random one (see `uiUrl`).
   */
  uiKey?: string;
  /** The reusable manifest's `callbacks.channelCreation`: where "Add channel" sends the person. */
  channelCreationUrl?: string;
  now?: () => number;
}

const UI_FILES: Record<string, [string, string]> = {
  '': ['index.html', 'text/html; charset=utf-8'],
  'inbox.js': ['inbox.js', 'text/javascript; charset=utf-8'],
  'inbox.css': ['inbox.css', 'text/css; charset=utf-8'],
};
const CREATION_TOKEN_LIFETIME_S = 30 * 60;

const NETWORK_ITEM_ID = /^[a-zA-Z0-9/|@&$!?\\()[\]{}+*~,;.:=_-]{6,256}$/;

export async function buildSocialHubMock(options: SocialHubMockOptions) {
  const now = options.now ?? Date.now;
  const app = Fastify({ logger: false });
  const state = {
    channelId: randomBytes(12).toString('hex'),
    accountId: randomBytes(12).toString('hex'),
    manifest: {} as Record<string, unknown>,
    tickets: [] as MockTicket[],
    /** Injected failures for the next ticket requests (tests): a status and, for 429, seconds. */
    failNext: [] as Array<{ status: number; retryAfter?: number }>,
    window: { start: now(), used: 0 },
    /** Channel tokens that work: the configured one, and those `POST /channels` handed out. */
    accessTokens: new Set([options.accessToken]),
    channels: [] as Array<{ _id: string; uniqueName: string; accessToken: string }>,
  };
  const signingKey = randomBytes(32);
  const jwt = (claims: Record<string, unknown>) => {
    const head = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
    const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
    const signature = createHmac('sha256', signingKey)
      .update(`${head}.${body}`)
      .digest('base64url');
    return `${head}.${body}.${signature}`;
  };
  /** The claims of a token this mock signed, or null. */
  const claimsOf = (token: string): Record<string, unknown> | null => {
    const [head, body, signature] = token.split('.');
    if (!head || !body || !signature) return null;
    const expected = createHmac('sha256', signingKey).update(`${head}.${body}`).digest();
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    return JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  };
  /** What SocialHub puts on the channel-creation callback: a token for `POST /channels` only. */
  const issueCreationToken = () => {
    const iat = Math.floor(now() / 1000);
    return jwt({
      accountId: state.accountId,
      manifestId: 'mock-manifest',
      userId: randomBytes(12).toString('hex'),
      origin: 'https://app.socialhub.io',
      purpose: 'channelCreation',
      iat,
      exp: iat + CREATION_TOKEN_LIFETIME_S,
    });
  };
  const uiRoot = join(projectRoot(), 'server', 'inbox', 'mock-inbox');
  const limit = options.rateLimit ?? { limit: 1000, windowMs: 60_000 };
  const error = (reply: FastifyReply, status: number, code: string, message: string) =>
    reply.status(status).send({ code, message: `Error: ${message}` });

  const uiKey = options.uiKey ?? randomBytes(18).toString('base64url');
  const uiCookie = `mock_inbox=${uiKey}`;
  securityHeaders(app, []);

  app.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith('/ui')) {
      // The person's side: the key once in the address, then a cookie only this origin sends.
      const url = new URL(request.url, 'http://mock');
      if (url.searchParams.get('key') === uiKey) {
        url.searchParams.delete('key');
        return reply
          .header('set-cookie', `${uiCookie}; Path=/ui; HttpOnly; SameSite=Strict`)
          .redirect(url.pathname + url.search);
      }
      const cookies = (request.headers.cookie ?? '').split(/;\s*/);
      if (!cookies.includes(uiCookie))
        return error(
          reply,
          401,
          'UnauthorizedError',
          'open the inbox page through its address with ?key=',
        );
      return;
    }
    // Channel creation checks its own token.
    if (request.url.startsWith('/channels?')) return;
    const token = (request.query as { accesstoken?: string }).accesstoken;
    if (!token || !state.accessTokens.has(token))
      return error(reply, 401, 'AccessTokenInvalidError', 'the access token is invalid');
    if (now() - state.window.start >= limit.windowMs) state.window = { start: now(), used: 0 };
    state.window.used++;
    reply.header('X-RateLimit-Limit', String(limit.limit));
    reply.header('X-RateLimit-Remaining', String(Math.max(0, limit.limit - state.window.used)));
    if (state.window.used > limit.limit) {
      reply.header(
        'Retry-After',
        String(Math.ceil((state.window.start + limit.windowMs - now()) / 1000)),
      );
      return error(reply, 429, 'TooManyRequestsError', 'too many requests for this channel');
    }
  });

  app.get('/', async () => ({
    channel: { _id: state.channelId, accountId: state.accountId },
    manifest: state.manifest,
  }));
  app.patch('/manifest', async (request, reply) => {
    const update = request.body as Record<string, unknown>;
    const webhook = update.webhook as { url?: string; secret?: string } | null | undefined;
    // As SocialHub does, a new webhook is tested with an empty event list before it is kept.
    if (webhook?.url && webhook.secret) {
      const test = await deliver(webhook.url, webhook.secret, JSON.stringify({ events: {} })).catch(
        () => null,
      );
      if (test?.status !== 200 || !test.challengeOk) {
        return error(
          reply,
          422,
          'WebhookValidationError',
          'the webhook did not answer the test call with its challenge',
        );
      }
    }
    state.manifest = { ...state.manifest, ...update };
    return state.manifest;
  });

  app.post('/inbox/tickets', async (request, reply) => {
    const injected = state.failNext.shift();
    if (injected) {
      if (injected.retryAfter !== undefined)
        reply.header('Retry-After', String(injected.retryAfter));
      return error(
        reply,
        injected.status,
        injected.status === 429 ? 'TooManyRequestsError' : 'InternalServerError',
        'injected failure',
      );
    }
    const interaction = (request.body as { interaction?: MockTicket['interaction'] } | null)
      ?.interaction;
    if (!interaction) return error(reply, 400, 'BadRequestError', 'interaction is required');
    if (!NETWORK_ITEM_ID.test(interaction.networkItemId ?? ''))
      return error(reply, 400, 'BadRequestError', 'networkItemId is invalid');
    if (!interaction.interactor?.name || (interaction.interactor.interactorId ?? '').length < 3) {
      return error(
        reply,
        400,
        'BadRequestError',
        'interactor needs interactorId (3+ characters) and name',
      );
    }
    if (!interaction.message || interaction.message.length > 10_000)
      return error(reply, 400, 'BadRequestError', 'message must hold 1 to 10000 characters');
    if (
      state.tickets.some((ticket) => ticket.interaction.networkItemId === interaction.networkItemId)
    ) {
      return error(reply, 409, 'ConflictError', 'a ticket with this networkItemId exists');
    }
    const ticket: MockTicket = {
      _id: randomBytes(12).toString('hex'),
      channelId: state.channelId,
      accountId: state.accountId,
      createdTime: new Date(now()).toISOString(),
      interaction,
      replies: [],
      confirmedReplies: [],
      resets: [],
    };
    state.tickets.push(ticket);
    return reply.status(201).send(ticket);
  });

  app.post<{ Params: { ticketId: string; followupId: string } }>(
    '/inbox/tickets/:ticketId/replies/:followupId/success',
    async (request, reply) => {
      const ticket = state.tickets.find((t) => t._id === request.params.ticketId);
      if (!ticket) return error(reply, 404, 'NotFoundError', 'no such ticket');
      ticket.confirmedReplies.push(request.params.followupId);
      return reply.status(201).send({});
    },
  );

  app.post<{ Params: { ticketId: string; actionId: string } }>(
    '/inbox/tickets/:ticketId/reset/:actionId',
    async (request, reply) => {
      const ticket = state.tickets.find((t) => t._id === request.params.ticketId);
      if (!ticket) return error(reply, 404, 'NotFoundError', 'no such ticket');
      const { reason, followupId } =
        (request.body as { reason?: string; followupId?: string }) ?? {};
      ticket.resets.push({
        actionId: request.params.actionId,
        ...(followupId ? { followupId } : {}),
        ...(reason ? { reason } : {}),
      });
      return reply.status(201).send({});
    },
  );

  /**
   * What SocialHub does when a person replies in the inbox: a signed `ticket_action` webhook to the
   * manifest's URL. Resolves with the receiver's status and whether it echoed the right challenge.
   */
  const sendReply = async (ticketId: string, text: string, tamper = false) => {
    const webhook = state.manifest.webhook as { url?: string; secret?: string } | null | undefined;
    if (!webhook?.url || !webhook.secret) throw new Error('no webhook in the manifest');
    const ticket = state.tickets.find((t) => t._id === ticketId);
    if (!ticket) throw new Error(`no ticket ${ticketId}`);
    const followupId = randomUUID();
    ticket.replies.push({ followupId, text, time: now() });
    const body = JSON.stringify({
      manifestId: 'mock-manifest',
      accountId: state.accountId,
      channelId: state.channelId,
      events: {
        ticket_action: [
          {
            ticketId,
            networkItemId: ticket.interaction.networkItemId,
            type: 'reply',
            actionId: 'reply',
            payload: { followupId, text },
            time: now(),
            uuid: randomUUID(),
          },
        ],
      },
    });
    // Tampering changes what is sent after signing, as a man in the middle would.
    return deliver(
      webhook.url,
      webhook.secret,
      tamper ? body.replace(text, `${text}!`) : body,
      body,
    );
  };

  /** Signs `signedBody` and posts `body`; a 2xx without the right challenge counts as failed. */
  const deliver = async (url: string, secret: string, body: string, signedBody = body) => {
    const timestamp = String(now());
    const challenge = challengeFor(timestamp, secret);
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'X-SocialHub-Timestamp': timestamp,
        'X-SocialHub-Signature': signatureFor(signedBody, challenge),
      },
      body,
    });
    return {
      status: response.status,
      challengeOk: response.headers.get('x-socialhub-challenge') === challenge,
    };
  };

  app.post('/channels', async (request, reply) => {
    const token = (request.query as { accesstoken?: string }).accesstoken ?? '';
    const claims = claimsOf(token);
    if (claims?.purpose !== 'channelCreation')
      return error(reply, 401, 'AccessTokenInvalidError', 'the access token is invalid');
    if (Number(claims.exp) * 1000 < now())
      return error(reply, 401, 'AccessTokenInvalidError', 'the access token has expired');
    const { name, uniqueName } = (request.body ?? {}) as { name?: string; uniqueName?: string };
    if (!name || !uniqueName)
      return error(reply, 400, 'BadRequestError', 'name and uniqueName are required');
    // Reactivation matches by uniqueName: the channel keeps its id and gets a new token.
    let channel = state.channels.find((c) => c.uniqueName === uniqueName);
    if (channel) state.accessTokens.delete(channel.accessToken);
    else {
      channel = { _id: randomBytes(12).toString('hex'), uniqueName, accessToken: '' };
      state.channels.push(channel);
    }
    channel.accessToken = jwt({
      accountId: state.accountId,
      channelId: channel._id,
      iat: Math.floor(now() / 1000),
    });
    state.accessTokens.add(channel.accessToken);
    return reply.status(201).send({
      _id: channel._id,
      name,
      uniqueName,
      accountId: state.accountId,
      endpoint: { accessToken: channel.accessToken },
    });
  });

  for (const [path, [file, type]] of Object.entries(UI_FILES))
    app.get(`/ui/${path}`, async (_request, reply) =>
      reply.type(type).send(await readFile(join(uiRoot, file))),
    );
  app.get('/ui/api/tickets', async () => ({
    channel: { _id: state.channelId, accountId: state.accountId },
    webhook: Boolean((state.manifest.webhook as { url?: string } | null | undefined)?.url),
    canAddChannel: Boolean(options.channelCreationUrl),
    tickets: state.tickets,
  }));
  app.post<{ Params: { ticketId: string } }>(
    '/ui/api/tickets/:ticketId/replies',
    async (request, reply) => {
      const text = String((request.body as { text?: unknown } | null)?.text ?? '').trim();
      if (!text) return error(reply, 400, 'BadRequestError', 'text must not be empty');
      if (!state.tickets.some((t) => t._id === request.params.ticketId))
        return error(reply, 404, 'NotFoundError', 'no such ticket');
      try {
        return await sendReply(request.params.ticketId, text);
      } catch (failure) {
        return error(reply, 502, 'WebhookError', (failure as Error).message);
      }
    },
  );
  app.get('/ui/add-channel', async (_request, reply) => {
    if (!options.channelCreationUrl)
      return error(reply, 404, 'NotFoundError', 'this mock has no channel-creation callback');
    const url = new URL(options.channelCreationUrl);
    url.searchParams.set('token', issueCreationToken());
    return reply.redirect(url.href);
  });

  return {
    app,
    state,
    sendReply,
    issueCreationToken,
    /** The inbox page's address once the mock listens at `base`, with the key that opens it. */
    uiUrl: (base: string) => `${base}/ui/?key=${uiKey}`,
  };
}
