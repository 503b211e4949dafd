import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import * as z from 'zod/mini';
import { GmsChatAnswer, GmsChatOperation, GmsChatRequest } from '../../src/protocol/gms-service.ts';
import type { Chat, GmsStore } from '../store/gms-store.ts';
import { answer, clientOf, failuresAreTransient, followedChat, refuse } from './chat-answers.ts';
import { acceptForms, userDataOf } from './form.ts';
import { contextOnly, firstNameOnly } from './personal-data.ts';

const FIRST_ALIAS = '117';

const token = () => randomBytes(16).toString('hex');

const MAX_MESSAGE = 4000;
/** Chat API v2's follow-ups: the visitor's side of a chat. */
const OPERATIONS = [
  'send',
  'refresh',
  'startTyping',
  'stopTyping',
  'disconnect',
  'updateNickname',
  'customNotice',
];

/**
 * GMS Chat API v2, customer side: `POST /genesys/2/chat/{service}` and the follow-ups `send`,
 * `refresh`, `startTyping`, `stopTyping`, `disconnect`, `updateNickname`, `customNotice`. A chat
 * keeps its alias for life (see chat-answers.ts, followedChat).
 */
export async function gmsChatRoutes(
  app: FastifyInstance,
  options: {
    store: GmsStore;
    services: readonly string[];
    /** False with BECKON_NO_PERSONAL_DATA (personal-data.ts). */
    keepPersonalData?: boolean;
    now?: () => number;
  },
) {
  const { store, services } = options;
  const personal = options.keepPersonalData !== false;
  const keep = personal ? (client: Chat['client']) => client : firstNameOnly;
  const keepData = personal ? (data: Record<string, string>) => data : contextOnly;
  const now = options.now ?? Date.now;
  await acceptForms(app, (reply, field, message) =>
    refuse(reply, 'invalid_request', field, message),
  );
  failuresAreTransient(app);
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const answers = { 200: GmsChatAnswer, 404: GmsChatAnswer };

  /**
   * The transcript from `position` and where the client reads on. Clients count from 0 or 1, or
   * from one before where they are; one past the end reads from the end, so nothing written after
   * is skipped.
   */
  const transcriptFrom = async (chatId: string, position: number) => {
    const messages = await store.transcript(chatId, Math.max(1, position || 1));
    const last = messages.at(-1);
    return { messages, nextPosition: last ? last.index + 1 : await store.transcriptEnd(chatId) };
  };

  typed.post(
    '/genesys/2/chat/:service',
    {
      schema: {
        summary: 'Chat API v2: request a chat (form fields; attached data as userData[key])',
        params: z.object({ service: z.string().check(z.maxLength(64)) }),
        body: GmsChatRequest,
        response: answers,
      },
    },
    async (request, reply) => {
      if (!services.includes(request.params.service))
        return refuse(reply, 'not_found', 'service', `no chat service ${request.params.service}`);
      const fields = request.body;
      const { nickname, firstName, lastName, emailAddress, subject, text } = fields;
      const chat: Chat = {
        chatId: token().toUpperCase(),
        service: request.params.service,
        secureKey: token(),
        userId: token().slice(0, 16),
        alias: FIRST_ALIAS,
        client: keep({
          nickname: nickname || `${firstName} ${lastName}`,
          firstName: firstName || null,
          lastName: lastName || null,
          emailAddress: emailAddress || null,
          subject: subject || null,
        }),
        userData: keepData(userDataOf(fields)),
        state: 'waiting',
        agentName: null,
        createdAt: now(),
        endedAt: null,
      };
      await store.createChat(chat);
      const from = clientOf(chat);
      await store.append(chat.chatId, { type: 'ParticipantJoined', from }, now());
      if (text) await store.append(chat.chatId, { type: 'Message', from, text }, now());
      // What identifies the chat and the visit, nothing of the person.
      request.log.info(
        { chatId: chat.chatId, service: chat.service, visitID: chat.userData.visitID },
        'chat requested',
      );
      // As GMS's example answers it: the transcript so far, and where to read on from.
      return answer(chat, 0, await transcriptFrom(chat.chatId, 1));
    },
  );

  typed.post(
    '/genesys/2/chat/:service/:chatId/:op',
    {
      schema: {
        summary: `Chat API v2, the visitor's follow-ups: ${OPERATIONS.join(', ')}`,
        params: z.object({
          service: z.string().check(z.maxLength(64)),
          chatId: z.string().check(z.maxLength(64)),
          op: z.string().check(z.maxLength(32)),
        }),
        body: GmsChatOperation,
        response: answers,
      },
    },
    async (request, reply) => {
      const { service, chatId, op } = request.params;
      if (!OPERATIONS.includes(op)) {
        return refuse(
          reply,
          'not_found',
          'operation',
          `no chat operation ${op}; expected ${OPERATIONS.join(', ')}`,
        );
      }
      const fields = request.body;
      const chat = await followedChat(store, reply, { service, chatId }, fields);
      if (!chat) return reply;
      const given = fields.transcriptPosition;
      // What the answer carries: the transcript from the position asked for (refresh, or any
      // operation that names one, as GMS answers), else none; and where the client goes on.
      const read = async (ended = chat.state === 'ended', statusCode: 0 | 2 = 0) => {
        const now = { ...chat, state: ended ? ('ended' as const) : chat.state };
        if (given === undefined && op !== 'refresh') return answer(now, statusCode);
        return answer(now, statusCode, await transcriptFrom(chatId, Number(given ?? 1)));
      };
      // A goodbye after the end (clients send one when their window closes) is no error.
      if (op === 'refresh' || (op === 'disconnect' && chat.state === 'ended')) return read();
      if (chat.state === 'ended')
        return { ...(await read(true, 2)), errors: [{ code: 2, advice: 'the chat has ended' }] };
      const from = clientOf(chat);
      if (op === 'send' || op === 'customNotice') {
        const message = fields.message ?? '';
        if (!message.trim() || message.length > MAX_MESSAGE) {
          return refuse(
            reply,
            'invalid_request',
            'message',
            `message must hold 1 to ${MAX_MESSAGE} characters`,
            chat,
          );
        }
        if (fields.messageType !== undefined && !/^[A-Za-z0-9_.-]{1,64}$/.test(fields.messageType))
          return refuse(
            reply,
            'invalid_request',
            'messageType',
            'messageType must be a name',
            chat,
          );
        await store.append(
          chatId,
          { type: op === 'send' ? 'Message' : 'CustomNotice', from, text: message },
          now(),
        );
      } else if (op === 'updateNickname') {
        const nickname = fields.nickname;
        if (!nickname)
          return refuse(
            reply,
            'invalid_request',
            'nickname',
            'nickname must hold 1 to 64 characters',
            chat,
          );
        await store.updateChat(chatId, { client: { ...chat.client, nickname } });
        await store.append(
          chatId,
          {
            type: 'NicknameUpdated',
            from: { ...from, nickname },
            text: nickname,
          },
          now(),
        );
      } else if (op === 'startTyping' || op === 'stopTyping') {
        await store.append(
          chatId,
          { type: op === 'startTyping' ? 'TypingStarted' : 'TypingStopped', from },
          now(),
        );
      } else {
        await store.append(chatId, { type: 'ParticipantLeft', from }, now());
        await store.updateChat(chatId, { state: 'ended', endedAt: now() });
        return read(true);
      }
      return read();
    },
  );
}
