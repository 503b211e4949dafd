import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import * as z from 'zod/mini';
import { limitsToUserData } from '../../src/protocol/gms-files.ts';
import { GmsChatAnswer, GmsChatKeys, GmsFileUpload } from '../../src/protocol/gms-service.ts';
import type { Chat, GmsStore } from '../store/gms-store.ts';
import { answer, clientOf, failuresAreTransient, followedChat, refuse } from './chat-answers.ts';
import type { ChatFilesConfig } from './config.ts';
import { sendFile, storeFile } from './file-store.ts';
import { acceptForms } from './form.ts';

const Params = z.object({
  service: z.string().check(z.maxLength(64)),
  chatId: z.string().check(z.maxLength(64)),
});
const FileParams = z.extend(Params, { fileId: z.string().check(z.maxLength(64)) });
const answers = { 200: GmsChatAnswer, 404: GmsChatAnswer };

/**
 * Chat API v2's file transfer, the visitor's side: `…/{chatId}/file` (upload, multipart),
 * `…/file/limits`, `…/file/{fileId}/download`, `…/file/{fileId}/delete`. A file is offered to
 * the other side as a `FileUploaded` transcript entry; refusals are GMS's (statusCode 2, naming
 * the field). Without `chatFiles` in the service's configuration, chats take no files.
 */
export async function gmsChatFileRoutes(
  app: FastifyInstance,
  options: {
    store: GmsStore;
    services: readonly string[];
    files: ChatFilesConfig | undefined;
    now?: () => number;
  },
) {
  const { store, services, files } = options;
  const downloadAttempts = files?.downloadAttempts ?? 0;
  const now = options.now ?? Date.now;
  await acceptForms(
    app,
    (reply, field, message) => refuse(reply, 'invalid_request', field, message),
    {
      maxBytes: files?.maxFileBytes ?? 1,
    },
  );
  failuresAreTransient(app);
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const base = '/genesys/2/chat/:service/:chatId/file';
  /** The chat, when the service exists and the keys are the chat's; else the answer is sent. */
  const chatFor = async (
    params: z.infer<typeof Params>,
    keys: z.infer<typeof GmsChatKeys>,
    reply: FastifyReply,
  ): Promise<Chat | null> => {
    if (!services.includes(params.service)) {
      refuse(reply, 'not_found', 'service', `no chat service ${params.service}`);
      return null;
    }
    return followedChat(store, reply, params, keys);
  };

  typed.post(
    base,
    {
      schema: {
        summary: 'Chat API v2: send the agent a file (multipart: the keys, `file`, a description)',
        params: Params,
        body: GmsFileUpload,
        response: answers,
      },
    },
    async (request, reply) => {
      const chat = await chatFor(request.params, request.body, reply);
      if (!chat) return reply;
      const no = (advice: string) => refuse(reply, 'invalid_request', 'file', advice, chat);
      if (chat.state === 'ended')
        return refuse(reply, 'invalid_request', 'chatId', 'the chat has ended', chat);
      if (!files) return no('this chat service takes no files');
      if (files.needAgent && chat.state !== 'connected')
        return no('files can be sent once an agent has joined');
      const stored = await storeFile(store, {
        request,
        chat,
        from: clientOf(chat),
        description: request.body['userData[file-description]'] ?? '',
        types: files.types,
        cap: { files: files.maxFiles, bytes: files.maxTotalBytes },
        at: now(),
      });
      if (typeof stored === 'string') return no(stored);
      return { ...answer(chat, 0), userData: { 'file-id': stored.file.id } };
    },
  );

  /** A route that takes only the chat's keys: `act` answers once they are the chat's. */
  const keyed = (
    path: string,
    summary: string,
    params: typeof Params | typeof FileParams,
    act: (chat: Chat, fileId: string, reply: FastifyReply) => Promise<unknown>,
  ) =>
    typed.post(
      path,
      { schema: { summary, params, body: GmsChatKeys, response: answers } },
      async (request, reply) => {
        const chat = await chatFor(request.params, request.body, reply);
        if (chat) await act(chat, (request.params as { fileId?: string }).fileId ?? '', reply);
        return reply;
      },
    );

  keyed(
    `${base}/limits`,
    "Chat API v2: the chat's file limits and what the visitor has used of them",
    Params,
    async (chat, _fileId, reply) => {
      const used = await store.fileUsage(chat.chatId);
      // GMS answers with one notice outside the transcript (index 0) whose userData holds them.
      const userData = limitsToUserData({
        maxFiles: files?.maxFiles ?? 0,
        maxFileSize: files?.maxFileBytes ?? 0,
        maxTotalSize: files?.maxTotalBytes ?? 0,
        fileTypes: files?.types ?? [],
        downloadAttempts,
        needAgent: files?.needAgent ?? false,
        usedFiles: used.files,
        usedTotalSize: used.bytes,
        usedDownloads: used.downloads,
      });
      return reply.send(
        answer(chat, 0, {
          messages: [{ from: clientOf(chat), index: 0, type: 'Notice', userData, utcTime: now() }],
        }),
      );
    },
  );

  keyed(
    `${base}/:fileId/download`,
    "Chat API v2: a file's bytes (always as an attachment), or a refusal",
    FileParams,
    async (chat, fileId, reply) => {
      const read = await store.readFile(chat.chatId, fileId, downloadAttempts);
      if (read === 'exhausted')
        return refuse(
          reply,
          'forbidden',
          'fileId',
          `this chat allows ${downloadAttempts} downloads`,
          chat,
        );
      if (!read) return refuse(reply, 'not_found', 'fileId', 'no such file in this chat', chat);
      return sendFile(reply, read.file, read.content);
    },
  );

  keyed(
    `${base}/:fileId/delete`,
    'Chat API v2: withdraw a file the visitor sent',
    FileParams,
    async (chat, fileId, reply) => {
      const from = clientOf(chat);
      const deleted = { type: 'FileDeleted', from, userData: { 'file-id': fileId } };
      if (!(await store.deleteFile(chat.chatId, fileId, deleted, now())))
        return refuse(
          reply,
          'not_found',
          'fileId',
          'no file of yours with this id in this chat',
          chat,
        );
      return reply.send(answer(chat, 0));
    },
  );
}
