import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import * as z from 'zod/mini';
import {
  AgentAccept,
  AgentChat,
  AgentChatView,
  AgentFileUpload,
  AgentPushUrl,
  AgentQueue,
  AgentSend,
  AgentTyping,
  CallbackCompletion,
  CallbackStep,
  ChatEnded,
} from '../../src/protocol/agent.ts';
import { GmsChatMessage } from '../../src/protocol/gms.ts';
import { ApiError } from '../../src/protocol/ingest.ts';
import { AVATAR_KEY } from '../../src/protocol/names.ts';
import { AGENT_PARTICIPANT } from '../gms/chat-answers.ts';
import type { ChatFilesConfig } from '../gms/config.ts';
import { sendFile, storeFile } from '../gms/file-store.ts';
import { current, type UserConfirm, waitsForUser } from '../gms/user-confirm.ts';
import { apiError } from '../http/errors.ts';
import { acceptMultipart } from '../http/multipart.ts';
import type { Chat, GmsStore, NewMessage } from '../store/gms-store.ts';

/** What the console lists: the chat without its secrets. */
const summary = ({ secureKey: _key, userId: _user, ...chat }: Chat) => chat;

const ChatParams = z.object({ chatId: z.string().check(z.minLength(1), z.maxLength(64)) });
const CallbackParams = z.object({
  callbackId: z.string().check(z.minLength(1), z.maxLength(64)),
});
/** The answers of a route acting on one chat or callback: its own, or a refusal naming why. */
const refusals = { 400: ApiError, 404: ApiError, 409: ApiError };

/**
 * The agent's side of GMS chats and callbacks, for the agent console: the queue; for a chat:
 * accept, transcript, send, typing, push a URL, end; for a callback: dial, complete. Agent routes
 * (server/auth/route-classes.ts), each with its contract (server/http/contracts.ts).
 */
export async function agentRoutes(
  app: FastifyInstance,
  options: {
    store: GmsStore;
    files?: ChatFilesConfig | undefined;
    confirm: UserConfirm;
    now?: () => number;
  },
) {
  const { store, files, confirm } = options;
  const now = options.now ?? Date.now;
  const typed = app.withTypeProvider<ZodTypeProvider>();

  const open = async (chatId: string) => {
    const chat = await store.getChat(chatId);
    return chat && chat.state !== 'ended' ? chat : null;
  };
  const agentOf = (chat: Chat) => ({
    nickname: chat.agentName ?? 'Agent',
    participantId: AGENT_PARTICIPANT,
    type: 'Agent' as const,
  });
  const noOpenChat = apiError('not_found', 'no open chat with this ID', 'chatId');
  const notConnected = apiError(
    'not_connected',
    'accept the chat first; it is not open with an agent',
    'chatId',
  );

  typed.get(
    '/server/agent/queue',
    {
      schema: { summary: 'Open chats and callbacks not completed', response: { 200: AgentQueue } },
    },
    async () => ({
      chats: (await store.openChats()).map(summary),
      // Chat scenarios pass through the callback service too; the agent takes those as chats.
      callbacks: (
        await Promise.all(
          (await store.findCallbacks({})).map((row) => current(store, row, now(), confirm)),
        )
      ).filter(
        (callback) => callback.state !== 'COMPLETED' && callback.options._media_type !== 'chat',
      ),
    }),
  );

  typed.get(
    '/server/agent/chats/:chatId',
    {
      schema: {
        summary: 'A chat and its transcript from an index on',
        params: ChatParams,
        querystring: z.object({ from: z.optional(z.string().check(z.regex(/^\d{1,9}$/))) }),
        response: { 200: AgentChatView, ...refusals },
      },
    },
    async (request, reply) => {
      const chat = await store.getChat(request.params.chatId);
      if (!chat) return reply.status(404).send(apiError('not_found', 'no such chat', 'chatId'));
      const from = Math.max(1, Number(request.query.from ?? '1') || 1);
      return { chat: summary(chat), messages: await store.transcript(chat.chatId, from) };
    },
  );

  typed.post(
    '/server/agent/chats/:chatId/accept',
    {
      schema: {
        summary: 'Take a waiting chat; its alias moves to this agent',
        params: ChatParams,
        body: AgentAccept,
        response: { 200: z.object({ chat: AgentChat }), ...refusals },
      },
    },
    async (request, reply) => {
      const chat = await open(request.params.chatId);
      if (!chat) return reply.status(404).send(noOpenChat);
      if (chat.state === 'connected')
        return reply
          .status(409)
          .send(apiError('taken', `${chat.agentName} has this chat already`, 'chatId'));
      const taken = {
        ...chat,
        state: 'connected' as const,
        agentName: request.body.agent,
      };
      await store.updateChat(chat.chatId, { state: taken.state, agentName: taken.agentName });
      const { avatar } = request.body;
      await store.append(
        chat.chatId,
        {
          type: 'ParticipantJoined',
          from: agentOf(taken),
          ...(avatar ? { userData: { [AVATAR_KEY]: avatar } } : {}),
        },
        now(),
      );
      return { chat: summary(taken) };
    },
  );

  /** An agent's contribution to a connected chat: checked, then appended to the transcript. */
  const contribute = <T extends z.ZodMiniObject>(
    path: string,
    summary: string,
    body: T,
    message: (input: z.infer<T>) => Pick<NewMessage, 'type' | 'text'>,
  ) =>
    typed.post(
      `/server/agent/chats/:chatId/${path}`,
      {
        schema: {
          summary,
          params: ChatParams,
          body,
          response: { 200: GmsChatMessage, ...refusals },
        },
      },
      async (request, reply) => {
        const chat = await open(request.params.chatId);
        if (chat?.state !== 'connected') return reply.status(409).send(notConnected);
        const { type, text } = message(request.body as z.infer<T>);
        return store.append(
          chat.chatId,
          { type, from: agentOf(chat), ...(text === undefined ? {} : { text }) },
          now(),
        );
      },
    );

  contribute('send', 'Write to the visitor', AgentSend, ({ text }) => ({ type: 'Message', text }));
  contribute('typing', 'Say the agent is typing, or has stopped', AgentTyping, ({ typing }) => ({
    type: typing ? 'TypingStarted' : 'TypingStopped',
  }));
  contribute('push-url', 'Push a link to the visitor', AgentPushUrl, ({ url }) => ({
    type: 'PushUrl',
    text: url,
  }));

  typed.post(
    '/server/agent/chats/:chatId/end',
    {
      schema: {
        summary: 'End the chat for both sides',
        params: ChatParams,
        response: { 200: ChatEnded, ...refusals },
      },
    },
    async (request, reply) => {
      const chat = await open(request.params.chatId);
      if (!chat) return reply.status(404).send(noOpenChat);
      await store.append(chat.chatId, { type: 'ParticipantLeft', from: agentOf(chat) }, now());
      await store.updateChat(chat.chatId, { state: 'ended', endedAt: now() });
      return { chatId: chat.chatId, state: 'ended' as const };
    },
  );

  // Only the file routes take multipart: every other agent route stays JSON.
  await app.register(async (scope) => {
    await acceptMultipart(
      scope,
      (reply, field, message) =>
        reply.status(400).send(apiError('invalid_request', message, field)),
      { maxBytes: files?.maxFileBytes ?? 1 },
    );
    const typed = scope.withTypeProvider<ZodTypeProvider>();
    typed.post(
      '/server/agent/chats/:chatId/files',
      {
        schema: {
          summary: 'Send the visitor a file (multipart: `file`, and a `description`)',
          params: ChatParams,
          body: AgentFileUpload,
          response: { 200: GmsChatMessage, 413: ApiError, ...refusals },
        },
      },
      async (request, reply) => {
        const chat = await open(request.params.chatId);
        if (chat?.state !== 'connected') return reply.status(409).send(notConnected);
        if (!files)
          return reply
            .status(400)
            .send(apiError('no_files', 'this service takes no files', 'file'));
        const stored = await storeFile(store, {
          request,
          chat,
          from: agentOf(chat),
          description: request.body.description ?? '',
          types: files.types,
          cap: null,
          at: now(),
        });
        if (typeof stored === 'string')
          return reply.status(400).send(apiError('invalid_file', stored, 'file'));
        return stored.entry;
      },
    );
    typed.get(
      '/server/agent/chats/:chatId/files/:fileId',
      {
        schema: {
          summary: "A file either side sent, as a download (the visitor's limits do not apply)",
          params: z.extend(ChatParams, { fileId: z.string().check(z.maxLength(64)) }),
          response: refusals,
        },
      },
      async (request, reply) => {
        const read = await store.readFile(request.params.chatId, request.params.fileId, null);
        if (!read || read === 'exhausted')
          return reply
            .status(404)
            .send(apiError('not_found', 'no such file in this chat', 'fileId'));
        return sendFile(reply, read.file, read.content);
      },
    );
  });

  // A callback moves as GMS's do: QUEUED or SCHEDULED, then ROUTING while the agent dials, then
  // COMPLETED with the reason; the visitor's record (GET …/callback?_id=) shows each.
  typed.post(
    '/server/agent/callbacks/:callbackId/dial',
    {
      schema: {
        summary:
          'The agent dials: the callback is ROUTING; one that waits for its visitor asks them first',
        params: CallbackParams,
        response: { 200: CallbackStep, ...refusals },
      },
    },
    async (request, reply) => {
      const found = await store.getCallback(request.params.callbackId);
      if (!found)
        return reply.status(404).send(apiError('not_found', 'no such callback', 'callbackId'));
      const callback = await current(store, found, now(), confirm);
      if (callback.state !== 'QUEUED' && callback.state !== 'SCHEDULED')
        return reply
          .status(409)
          .send(apiError('not_waiting', `the callback is ${callback.state}`, 'callbackId'));
      if (waitsForUser(callback) || callback.confirmBy !== null) {
        // The visitor says first whether they can take the call now (user-confirm.ts).
        const asked = await store.confirmation(
          callback.callbackId,
          { ask: now() + confirm.timeoutMs },
          now(),
        );
        if (!asked?.confirmBy)
          return reply
            .status(409)
            .send(apiError('asked', 'the visitor is asked to confirm already', 'callbackId'));
        return { callbackId: asked.callbackId, state: asked.state, confirmBy: asked.confirmBy };
      }
      await store.updateCallback(callback.callbackId, { state: 'ROUTING' }, now());
      return { callbackId: callback.callbackId, state: 'ROUTING' as const };
    },
  );
  typed.post(
    '/server/agent/callbacks/:callbackId/complete',
    {
      schema: {
        summary: 'Say how the call back ended: the callback is COMPLETED with that reason',
        params: CallbackParams,
        body: CallbackCompletion,
        response: { 200: CallbackStep, ...refusals },
      },
    },
    async (request, reply) => {
      const callback = await store.getCallback(request.params.callbackId);
      if (!callback)
        return reply.status(404).send(apiError('not_found', 'no such callback', 'callbackId'));
      if (callback.state === 'COMPLETED')
        return reply
          .status(409)
          .send(apiError('completed', 'the callback is completed already', 'callbackId'));
      const { reason } = request.body;
      await store.updateCallback(callback.callbackId, { state: 'COMPLETED', reason }, now());
      return { callbackId: callback.callbackId, state: 'COMPLETED' as const, reason };
    },
  );
}
