import type { FastifyInstance } from 'fastify';
import * as z from 'zod/mini';
import { ChannelConnected } from '../../src/protocol/inbox-service.ts';
import { ApiError } from '../../src/protocol/ingest.ts';
import { apiError } from '../http/errors.ts';
import { ChannelError, type InboxChannel } from './channel.ts';

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/** A page for the administrator SocialHub sent here: plain HTML, no script, nothing inline. */
const page = (title: string, text: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title></head><body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></main></body></html>`;

/**
 * `GET /server/inbox/channel?token=…`: the channel-creation callback of a reusable manifest
 * (`callbacks.channelCreation`). SocialHub's "Add channel" sends the administrator here with a
 * 30-minute token; the server creates the channel and keeps its access token. Browsers get a page,
 * API clients (`Accept: application/json`) the same answer as JSON.
 */
export async function inboxChannelRoutes(app: FastifyInstance, options: { channel: InboxChannel }) {
  // Untyped replies: the same statuses also carry the HTML page for a browser.
  app.get<{ Querystring: { token?: string } }>(
    '/server/inbox/channel',
    {
      schema: {
        summary:
          "SocialHub's channel-creation callback: a page, or JSON with Accept: application/json",
        querystring: z.object({ token: z.optional(z.string().check(z.maxLength(4096))) }),
        response: { 201: ChannelConnected, 400: ApiError, 401: ApiError, 502: ApiError },
      },
    },
    async (request, reply) => {
      const wantsJson = (request.headers.accept ?? '').includes('application/json');
      const answer = (
        status: number,
        title: string,
        body: Record<string, unknown>,
        text: string,
      ) =>
        wantsJson
          ? reply.status(status).send(body)
          : reply
              .status(status)
              .header('content-security-policy', "default-src 'none'")
              .type('text/html; charset=utf-8')
              .send(page(title, text));
      const token = request.query.token;
      if (!token) {
        const message =
          'token: the channel-creation token SocialHub adds to this address is missing';
        return answer(
          400,
          'Channel not connected',
          apiError('invalid_token', message, 'token'),
          message,
        );
      }
      try {
        const { channelId } = await options.channel.connect(token);
        return answer(
          201,
          'Channel connected',
          { channelId },
          'Visitor messages from the website now arrive in this SocialHub channel. You can close this page.',
        );
      } catch (error) {
        if (!(error instanceof ChannelError)) throw error;
        request.log.warn({ err: error }, 'SocialHub channel not connected');
        return answer(
          error.status,
          'Channel not connected',
          apiError(
            'channel_not_connected',
            error.message,
            error.status < 500 ? 'token' : undefined,
          ),
          error.message,
        );
      }
    },
  );
}
