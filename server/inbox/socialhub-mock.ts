import { randomBytes, randomUUID } from 'node:crypto';
import Fastify, { type FastifyReply } from 'fastify';
import { challengeFor, signatureFor } from './signature.ts';

/**
 * A SocialHub-compatible Inbox API for the demo and the tests (the real one cannot be reached from
 * here): `accesstoken` auth, `PATCH /manifest`, `POST /inbox/tickets` with `networkItemId`
 * uniqueness (409 `ConflictError`), reply confirmation and action reset, error bodies
 * `{code, message}`, per-channel rate-limit headers with 429 and `Retry-After`, and signed webhooks
 * (tested when the manifest sets one, and sent for a person's reply).
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
  confirmedReplies: string[];
  resets: Array<{ actionId: string; reason?: string }>;
}

export interface SocialHubMockOptions {
  accessToken: string;
  /** Requests allowed per window for the channel (SocialHub's limit; the window is undocumented). */
  rateLimit?: { limit: number; windowMs: number };
  now?: () => number;
}

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
  };
  const limit = options.rateLimit ?? { limit: 1000, windowMs: 60_000 };
  const error = (reply: FastifyReply, status: number, code: string, message: string) =>
    reply.status(status).send({ code, message: `Error: ${message}` });

  app.addHook('onRequest', async (request, reply) => {
    const token = (request.query as { accesstoken?: string }).accesstoken;
    if (token !== options.accessToken)
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
      const reason = (request.body as { reason?: string } | null)?.reason;
      ticket.resets.push({ actionId: request.params.actionId, ...(reason ? { reason } : {}) });
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
            payload: { followupId: randomUUID(), text },
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

  return { app, state, sendReply };
}
