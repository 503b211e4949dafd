import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A Genesys Mobile Services stand-in written from GMS's documentation (gwe-gms.md §5, and the
 * pages it cites: Callback Services API, Request-chat, Chat API Version 2), not from Beckon's own
 * GMS-compatible server, so the `gms` adapter is tried against what a real GMS answers:
 * - the callback service keeps every callback under a `_customer_number` and answers a chat
 *   scenario with `_action: StartChat`, an absolute `_start_chat_url` and a `_comet_url`;
 * - the builtin request-chat answers with a Chat API v1 address (`…/ixn/chat`), as its page's
 *   example does;
 * - Chat API v2 answers every request with HTTP 200 and a `statusCode` (0, 1 retry, 2 fatal with
 *   `errors[{code, advice}]`), a chat needs `nickname` or `firstName` and `lastName`, attached data
 *   comes as `userData[key]`, and the alias may move mid-chat (a chat server's failover: this fake
 *   moves it as the agent joins, so that a client's resending of the latest alias is exercised);
 *   an answer holds only what its example on the page holds: request-chat's has no `chatEnded` or
 *   `nextPosition`, a follow-up's has the transcript only when it sent `transcriptPosition`;
 * - files go as its File Management section has them: `…/file` (multipart, `file`), `…/file/limits`
 *   (a notice whose userData holds `upload-max-files` and the rest), `…/file/{id}/download` and
 *   `…/file/{id}/delete`; a shared file is a `FileUploaded` entry with `file-id`, `file-name`, …;
 * - bodies are form-urlencoded or multipart; anything else is 415.
 * The test plays the agent through the returned object.
 */
export async function gmsDocsFake(options: { chatService?: string } = {}) {
  const chatService = options.chatService ?? 'customer-support';
  interface Message {
    from: { nickname: string; participantId: number; type: 'Client' | 'Agent' };
    index: number;
    type: string;
    text?: string;
    userData?: Record<string, string>;
    utcTime: number;
  }
  interface SharedFile {
    fileId: string;
    name: string;
    type: string;
    content: Buffer;
    from: 'Client' | 'Agent';
    deleted: boolean;
  }
  interface Chat {
    chatId: string;
    secureKey: string;
    userId: string;
    alias: string;
    nickname: string;
    userData: Record<string, string>;
    messages: Message[];
    files: SharedFile[];
    downloads: number;
    ended: boolean;
  }
  const chats: Chat[] = [];
  /** Every request as it came: path, form fields and the headers GMS reads. */
  const requests: Array<{ path: string; fields: Record<string, string>; gmsUser?: string }> = [];
  const callbacks: Array<Record<string, string>> = [];

  const say = (chat: Chat, message: Omit<Message, 'index' | 'utcTime'>) =>
    chat.messages.push({ ...message, index: chat.messages.length + 1, utcTime: Date.now() });
  const client = (chat: Chat) => ({
    nickname: chat.nickname,
    participantId: 1,
    type: 'Client' as const,
  });
  const agent = { nickname: 'Grace', participantId: 2, type: 'Agent' as const };

  /** The chat's keys: what every Chat API v2 answer carries. */
  const keys = (chat: Chat) => ({
    chatId: chat.chatId,
    userId: chat.userId,
    secureKey: chat.secureKey,
    alias: chat.alias,
    statusCode: 0,
  });
  /**
   * A follow-up's answer as the documentation's examples show it: `chatEnded` always, the
   * transcript from `transcriptPosition` and `nextPosition` only when the request asked for them.
   */
  const followUpAnswer = (chat: Chat, transcriptPosition: string | undefined) => {
    const from = Number(transcriptPosition);
    return {
      ...keys(chat),
      chatEnded: chat.ended,
      ...(transcriptPosition === undefined
        ? {}
        : {
            messages: chat.messages.filter((message) => message.index >= from),
            nextPosition: chat.messages.length + 1,
          }),
    };
  };
  const fatal = (advice: string) => ({ statusCode: 2, errors: [{ code: 102, advice }] });

  const read = (request: IncomingMessage) =>
    new Promise<Buffer>((resolve) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => resolve(Buffer.concat(chunks)));
    });
  /** A form body, urlencoded or multipart, as its string fields and its one file. */
  const formOf = async (request: IncomingMessage) => {
    const type = String(request.headers['content-type']);
    const body = await read(request);
    if (type.startsWith('application/x-www-form-urlencoded'))
      return { fields: Object.fromEntries(new URLSearchParams(body.toString())), file: null };
    const form = await new Response(new Uint8Array(body), {
      headers: { 'content-type': type },
    }).formData();
    const fields: Record<string, string> = {};
    let file: File | null = null;
    for (const [key, value] of form) {
      if (typeof value === 'string') fields[key] = value;
      else if (key === 'file') file = value;
    }
    return { fields, file };
  };
  /** The file limits the page documents, with what this chat has used. */
  const LIMITS = { maxFiles: 5, maxFileSize: 1024 * 1024, downloadAttempts: 10 };
  const fileEntry = (file: SharedFile) => ({
    'file-id': file.fileId,
    'file-name': file.name,
    'file-size': String(file.content.length),
    'file-type': file.type,
  });

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    response.setHeader('access-control-allow-origin', '*');
    if (request.method === 'OPTIONS') {
      response.setHeader('access-control-allow-methods', 'POST, GET, OPTIONS');
      response.setHeader('access-control-allow-headers', 'content-type, apikey, gms_user');
      return response.writeHead(204).end();
    }
    const json = (status: number, body: unknown) =>
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    const path = new URL(request.url ?? '/', 'http://gms').pathname;
    if (request.method !== 'POST') return json(405, { message: 'POST only' });
    const type = String(request.headers['content-type']);
    if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)/.test(type))
      return json(415, { message: 'Unsupported Media Type' });
    const { fields, file } = await formOf(request);
    const gmsUser = request.headers.gms_user;
    requests.push({ path, fields, ...(typeof gmsUser === 'string' ? { gmsUser } : {}) });
    const origin = `http://${request.headers.host}`;

    if (/^\/genesys\/1\/service\/callback\/[^/]+$/.test(path)) {
      if (!fields._customer_number)
        return json(400, { message: 'Mandatory parameter _customer_number is missing' });
      callbacks.push(fields);
      const id = randomUUID();
      if (fields._media_type === 'chat')
        return json(200, {
          _id: id,
          _action: 'StartChat',
          _start_chat_url: `${origin}/genesys/2/chat/${chatService}`,
          _comet_url: `${origin}/genesys/cometd`,
          _chat_parameters: { subject: fields.subject ?? 'Chat' },
        });
      return json(200, { _id: id, _action: 'ConfirmationDialog', _text: 'We will call you back.' });
    }
    if (path === '/genesys/1/service/request-chat') {
      const id = randomUUID();
      return json(200, { '_chatIxnAPI-CREATE-URL': `/genesys/1/service/${id}/ixn/chat`, _id: id });
    }
    if (path === `/genesys/2/chat/${chatService}`) {
      const nickname =
        fields.nickname ??
        (fields.firstName && fields.lastName ? `${fields.firstName} ${fields.lastName}` : null);
      if (!nickname) return json(200, fatal('nickname or firstName and lastName are required'));
      const userData: Record<string, string> = {};
      for (const [key, value] of Object.entries(fields)) {
        const match = /^userData\[(.+)\]$/.exec(key);
        if (match?.[1]) userData[match[1]] = value;
      }
      const chat: Chat = {
        chatId: randomUUID().replace(/-/g, '').toUpperCase(),
        secureKey: randomUUID(),
        userId: randomUUID(),
        alias: '117',
        nickname,
        userData,
        messages: [],
        files: [],
        downloads: 0,
        ended: false,
      };
      chats.push(chat);
      say(chat, { from: client(chat), type: 'ParticipantJoined' });
      // The request-chat example: the keys and the transcript, no chatEnded, no nextPosition.
      return json(200, { ...keys(chat), messages: chat.messages });
    }
    const follow =
      /^\/genesys\/2\/chat\/([^/]+)\/([^/]+)\/(send|refresh|startTyping|stopTyping|disconnect)$/.exec(
        path,
      );
    if (follow && follow[1] === chatService) {
      const chat = chats.find((c) => c.chatId === follow[2]);
      if (!chat || chat.secureKey !== fields.secureKey || chat.userId !== fields.userId)
        return json(200, fatal('the chat, its secureKey or its userId is not known'));
      if (chat.ended) return json(200, followUpAnswer(chat, fields.transcriptPosition));
      if (follow[3] === 'send')
        say(chat, { from: client(chat), type: 'Message', text: fields.message ?? '' });
      if (follow[3] === 'startTyping') say(chat, { from: client(chat), type: 'TypingStarted' });
      if (follow[3] === 'stopTyping') say(chat, { from: client(chat), type: 'TypingStopped' });
      if (follow[3] === 'disconnect') {
        say(chat, { from: client(chat), type: 'ParticipantLeft' });
        chat.ended = true;
      }
      return json(200, followUpAnswer(chat, fields.transcriptPosition));
    }
    const files =
      /^\/genesys\/2\/chat\/([^/]+)\/([^/]+)\/file(?:\/(limits)|\/([^/]+)\/(download|delete))?$/.exec(
        path,
      );
    if (files && files[1] === chatService) {
      const chat = chats.find((c) => c.chatId === files[2]);
      if (!chat || chat.secureKey !== fields.secureKey || chat.userId !== fields.userId)
        return json(200, fatal('the chat, its secureKey or its userId is not known'));
      const mine = chat.files.filter((f) => f.from === 'Client');
      if (files[3] === 'limits')
        return json(200, {
          ...keys(chat),
          chatEnded: chat.ended,
          messages: [
            {
              from: client(chat),
              index: 0,
              type: 'Notice',
              utcTime: Date.now(),
              userData: {
                'download-attempts': String(LIMITS.downloadAttempts),
                'upload-max-files': String(LIMITS.maxFiles),
                'upload-max-file-size': String(LIMITS.maxFileSize),
                'upload-max-total-size': String(LIMITS.maxFiles * LIMITS.maxFileSize),
                'upload-need-agent': 'true',
                'upload-file-types': 'bmp:csv:doc:docx:gif:jpeg:jpg:pdf:png:txt:xls:xlsx',
                'used-upload-max-files': String(mine.length),
                'used-upload-max-total-size': String(
                  mine.reduce((sum, f) => sum + f.content.length, 0),
                ),
                'used-download-attempts': String(chat.downloads),
              },
            },
          ],
        });
      const shared = chat.files.find((f) => f.fileId === files[4] && !f.deleted);
      if (files[5] === 'download') {
        if (!shared) return json(200, fatal('file not found'));
        chat.downloads += 1;
        return response
          .writeHead(200, {
            'content-type': shared.type,
            'content-disposition': `attachment; filename="${shared.name}"`,
          })
          .end(shared.content);
      }
      if (files[5] === 'delete') {
        if (!shared) return json(200, fatal('file not found'));
        shared.deleted = true;
        say(chat, {
          from: client(chat),
          type: 'FileDeleted',
          userData: { 'file-id': shared.fileId },
        });
        return json(200, { ...keys(chat), chatEnded: chat.ended });
      }
      if (!file) return json(200, fatal('file is required'));
      if (mine.length >= LIMITS.maxFiles || file.size > LIMITS.maxFileSize)
        return json(200, fatal('the file passes the chat limits'));
      const added: SharedFile = {
        fileId: randomUUID().slice(0, 16).toUpperCase(),
        name: file.name,
        type: file.type || 'application/octet-stream',
        content: Buffer.from(await file.arrayBuffer()),
        from: 'Client',
        deleted: false,
      };
      chat.files.push(added);
      say(chat, { from: client(chat), type: 'FileUploaded', userData: fileEntry(added) });
      return json(200, {
        ...keys(chat),
        chatEnded: chat.ended,
        userData: { 'file-id': added.fileId },
      });
    }
    return json(404, { message: `no service at ${path}` });
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error) => response.writeHead(500).end(String(error)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const latest = () => {
    const chat = chats.at(-1);
    if (!chat) throw new Error('no chat has started at the GMS fake');
    return chat;
  };
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    callbacks,
    chats,
    /** An agent takes the latest chat, and its alias moves, as a chat server's failover moves it. */
    agentJoins() {
      const chat = latest();
      chat.alias = String(Number(chat.alias) + 1);
      say(chat, { from: agent, type: 'ParticipantJoined' });
    },
    agentSays(text: string) {
      say(latest(), { from: agent, type: 'Message', text });
    },
    /** An agent shares a file in the latest chat. */
    agentSendsFile(name: string, content: string) {
      const chat = latest();
      const added: SharedFile = {
        fileId: randomUUID().slice(0, 16).toUpperCase(),
        name,
        type: 'text/plain',
        content: Buffer.from(content),
        from: 'Agent',
        deleted: false,
      };
      chat.files.push(added);
      say(chat, { from: agent, type: 'FileUploaded', userData: fileEntry(added) });
    },
    agentEnds() {
      const chat = latest();
      say(chat, { from: agent, type: 'ParticipantLeft' });
      chat.ended = true;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
