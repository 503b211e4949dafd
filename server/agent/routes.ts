import type { FastifyInstance } from 'fastify';
import * as z from 'zod/mini';
import { AGENT_PARTICIPANT, nextAlias } from '../gms/chat-routes.ts';
import { apiError, invalidBody } from '../http/errors.ts';
import type { Chat, GmsStore, NewMessage } from '../store/gms-store.ts';

const Accept = z.object({ agent: z.string().check(z.minLength(1), z.maxLength(64)) });
/** How an agent's call back ended, in GMS's completion reasons. */
const Complete = z.object({
  reason: z.enum([
    'AGENT_CONNECTED',
    'FAIL_CALL_TO_CUSTOMER',
    'FAIL_AGENT_CONNECT',
    'NOT_AVAILABLE',
  ]),
});
const Send = z.object({ text: z.string().check(z.minLength(1), z.maxLength(4000)) });
const Typing = z.object({ typing: z.boolean() });
const PushUrl = z.object({
  url: z
    .string()
    .check(z.maxLength(2048), z.regex(/^https?:\/\//, 'must be an absolute http(s) URL')),
});

/** What the console lists: the chat without its secrets. */
const summary = ({ secureKey: _key, userId: _user, ...chat }: Chat) => chat;

/**
 * The agent's side of GMS chats and callbacks, for the agent console: the queue, and for a chat:
 * accept, transcript, send, typing, push a URL, end. Agent routes (server/auth/route-classes.ts).
 */
export async function agentRoutes(
  app: FastifyInstance,
  options: { store: GmsStore; now?: () => number },
) {
  const { store } = options;
  const now = options.now ?? Date.now;

  const open = async (chatId: string) => {
    const chat = await store.getChat(chatId);
    return chat && chat.state !== 'ended' ? chat : null;
  };
  const agentOf = (chat: Chat) => ({
    nickname: chat.agentName ?? 'Agent',
    participantId: AGENT_PARTICIPANT,
    type: 'Agent' as const,
  });
  const invalid = (issues: readonly { path: readonly PropertyKey[]; message: string }[]) =>
    invalidBody('invalid_request', issues);

  app.get('/server/agent/queue', async () => ({
    chats: (await store.openChats()).map(summary),
    // Chat scenarios pass through the callback service too; the agent takes those as chats.
    callbacks: (await store.findCallbacks({})).filter(
      (callback) => callback.state !== 'COMPLETED' && callback.options._media_type !== 'chat',
    ),
  }));

  app.get<{ Params: { chatId: string }; Querystring: { from?: string } }>(
    '/server/agent/chats/:chatId',
    async (request, reply) => {
      const chat = await store.getChat(request.params.chatId);
      if (!chat) return reply.status(404).send(apiError('not_found', 'no such chat', 'chatId'));
      const from = Math.max(1, Number.parseInt(request.query.from ?? '1', 10) || 1);
      return { chat: summary(chat), messages: await store.transcript(chat.chatId, from) };
    },
  );

  app.post<{ Params: { chatId: string } }>(
    '/server/agent/chats/:chatId/accept',
    async (request, reply) => {
      const parsed = Accept.safeParse(request.body);
      if (!parsed.success) return reply.status(400).send(invalid(parsed.error.issues));
      const chat = await open(request.params.chatId);
      if (!chat)
        return reply.status(404).send(apiError('not_found', 'no open chat with this ID', 'chatId'));
      if (chat.state === 'connected')
        return reply
          .status(409)
          .send(apiError('taken', `${chat.agentName} has this chat already`, 'chatId'));
      const taken = {
        ...chat,
        state: 'connected' as const,
        agentName: parsed.data.agent,
        alias: nextAlias(chat.alias),
      };
      await store.updateChat(chat.chatId, {
        state: taken.state,
        agentName: taken.agentName,
        alias: taken.alias,
      });
      await store.append(chat.chatId, { type: 'ParticipantJoined', from: agentOf(taken) }, now());
      return { chat: summary(taken) };
    },
  );

  const connected = async (chatId: string) => {
    const chat = await open(chatId);
    return chat?.state === 'connected' ? chat : null;
  };
  const notConnected = apiError(
    'not_connected',
    'accept the chat first; it is not open with an agent',
    'chatId',
  );

  /** An agent's contribution to a connected chat: checked, then appended to the transcript. */
  const contribute = <T>(
    path: string,
    schema: z.ZodMiniType<T>,
    message: (input: T) => Pick<NewMessage, 'type' | 'text'>,
  ) =>
    app.post<{ Params: { chatId: string } }>(
      `/server/agent/chats/:chatId/${path}`,
      async (request, reply) => {
        const parsed = schema.safeParse(request.body);
        if (!parsed.success) return reply.status(400).send(invalid(parsed.error.issues));
        const chat = await connected(request.params.chatId);
        if (!chat) return reply.status(409).send(notConnected);
        const { type, text } = message(parsed.data as T);
        return store.append(
          chat.chatId,
          { type, from: agentOf(chat), ...(text === undefined ? {} : { text }) },
          now(),
        );
      },
    );

  contribute('send', Send, ({ text }) => ({ type: 'Message', text }));
  contribute('typing', Typing, ({ typing }) => ({
    type: typing ? 'TypingStarted' : 'TypingStopped',
  }));
  contribute('push-url', PushUrl, ({ url }) => ({ type: 'PushUrl', text: url }));

  // A callback moves as GMS's do: QUEUED or SCHEDULED, then ROUTING while the agent dials, then
  // COMPLETED with the reason; the visitor's record (GET …/callback?_id=) shows each.
  app.post<{ Params: { callbackId: string } }>(
    '/server/agent/callbacks/:callbackId/dial',
    async (request, reply) => {
      const callback = await store.getCallback(request.params.callbackId);
      if (!callback)
        return reply.status(404).send(apiError('not_found', 'no such callback', 'callbackId'));
      if (callback.state !== 'QUEUED' && callback.state !== 'SCHEDULED')
        return reply
          .status(409)
          .send(apiError('not_waiting', `the callback is ${callback.state}`, 'callbackId'));
      await store.updateCallback(callback.callbackId, { state: 'ROUTING' }, now());
      return { callbackId: callback.callbackId, state: 'ROUTING' };
    },
  );
  app.post<{ Params: { callbackId: string } }>(
    '/server/agent/callbacks/:callbackId/complete',
    async (request, reply) => {
      const parsed = Complete.safeParse(request.body);
      if (!parsed.success) return reply.status(400).send(invalid(parsed.error.issues));
      const callback = await store.getCallback(request.params.callbackId);
      if (!callback)
        return reply.status(404).send(apiError('not_found', 'no such callback', 'callbackId'));
      if (callback.state === 'COMPLETED')
        return reply
          .status(409)
          .send(apiError('completed', 'the callback is completed already', 'callbackId'));
      await store.updateCallback(
        callback.callbackId,
        { state: 'COMPLETED', reason: parsed.data.reason },
        now(),
      );
      return { callbackId: callback.callbackId, state: 'COMPLETED', reason: parsed.data.reason };
    },
  );

  app.post<{ Params: { chatId: string } }>(
    '/server/agent/chats/:chatId/end',
    async (request, reply) => {
      const chat = await open(request.params.chatId);
      if (!chat)
        return reply.status(404).send(apiError('not_found', 'no open chat with this ID', 'chatId'));
      await store.append(chat.chatId, { type: 'ParticipantLeft', from: agentOf(chat) }, now());
      await store.updateChat(chat.chatId, { state: 'ended', endedAt: now() });
      return { chatId: chat.chatId, state: 'ended' };
    },
  );
}
