import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import type * as z from 'zod/mini';
import type { GmsChatMessage } from '../../src/protocol/gms.ts';
import type { GmsChatAnswer } from '../../src/protocol/gms-service.ts';
import { RETRY_AFTER_S } from '../http/errors.ts';
import type { Chat, GmsStore } from '../store/gms-store.ts';

// How Beckon's Chat API v2 answers, shared by the chat's routes (chat-routes.ts) and its files'
// (chat-file-routes.ts).

export const CLIENT_PARTICIPANT = 1;
export const AGENT_PARTICIPANT = 2;

export type Answer = z.infer<typeof GmsChatAnswer>;

/**
 * Chat API v2's uniform answer. The transcript (`messages`, and `nextPosition` where the client
 * goes on) only when the request asked for it, as GMS answers: an answer that moved a client's
 * position without showing it what lies between would skip what the agent wrote meanwhile.
 */
export function answer(
  chat: Chat | undefined,
  statusCode: 0 | 1 | 2,
  transcript?: { messages: GmsChatMessage[]; nextPosition?: number },
): Answer {
  return {
    statusCode,
    alias: chat?.alias ?? '',
    chatId: chat?.chatId ?? '',
    userId: chat?.userId ?? '',
    secureKey: chat?.secureKey ?? '',
    chatEnded: chat?.state === 'ended',
    ...transcript,
  };
}

/**
 * A refusal the GMS way: HTTP 200 with `statusCode` 2 and `errors[]`, as GMS answers a chat error
 * (its clients read the body, not the status), naming the field as every Beckon route does. Only a
 * service or operation that does not exist is a 404.
 */
export function refuse(
  reply: FastifyReply,
  kind: 'invalid_request' | 'forbidden' | 'not_found',
  field: string,
  advice: string,
  chat?: Chat,
) {
  const routing = kind === 'not_found' && (field === 'service' || field === 'operation');
  return reply.status(routing ? 404 : 200).send({
    error: kind,
    message: advice,
    field,
    ...answer(chat, 2),
    errors: [{ code: kind === 'forbidden' ? 403 : kind === 'not_found' ? 404 : 400, advice }],
  });
}

/**
 * GMS's clients read a chat's fate from `statusCode`, not from HTTP: a failure on the server's side
 * (its database away or slow) is `statusCode: 1`, retry, which every client does, where a 5xx
 * makes some give the chat up. Refusals of what was sent keep their own answers.
 */
export function failuresAreTransient(app: FastifyInstance) {
  // Only what fails in a route's handler, once the request was read and checked: a body that
  // breaks off or fails its contract is the client's, answered as before by the error handler.
  app.addHook('onRoute', (route) => {
    const handle = route.handler;
    route.handler = async function transient(request, reply) {
      try {
        return await handle.call(this, request, reply);
      } catch (error) {
        if (((error as FastifyError).statusCode ?? 500) < 500) throw error;
        request.log.error(error);
        return reply
          .status(200)
          .header('retry-after', String(RETRY_AFTER_S))
          .send({
            ...answer(undefined, 1),
            errors: [{ code: 1, advice: 'the chat service is busy; send the request again' }],
          });
      }
    };
  });
}

/** The visitor as a transcript entry names them. */
export const clientOf = (chat: Chat) => ({
  nickname: chat.client.nickname,
  participantId: CLIENT_PARTICIPANT,
  type: 'Client' as const,
});

/**
 * The chat a follow-up names, when its `secureKey` and `userId` are the chat's; otherwise the
 * refusal has been sent. The alias is not checked: in GMS it names the chat server serving the
 * chat, and moves only when that server fails over; every node here serves every chat from one
 * store, so a chat's alias never moves, and a client that kept an older one (none of the clients
 * in test/support/gms-clients/ ever takes a new one) is served and answered with the chat's.
 */
export async function followedChat(
  store: GmsStore,
  reply: FastifyReply,
  { service, chatId }: { service: string; chatId: string },
  keys: { secureKey: string; userId: string },
): Promise<Chat | null> {
  const chat = await store.getChat(chatId);
  if (!chat || chat.service !== service) {
    refuse(reply, 'not_found', 'chatId', `no chat ${chatId} on service ${service}`);
    return null;
  }
  if (keys.secureKey !== chat.secureKey || keys.userId !== chat.userId) {
    refuse(
      reply,
      'forbidden',
      'secureKey',
      'secureKey and userId must be those the chat request answered with',
    );
    return null;
  }
  return chat;
}
