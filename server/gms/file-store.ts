import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type * as z from 'zod/mini';
import type { GmsChatMessage, GmsParticipant } from '../../src/protocol/gms.ts';
import { extensionOf, fileUserData, type SharedFile } from '../../src/protocol/gms-files.ts';
import { uploadOf } from '../http/multipart.ts';
import type { Chat, GmsStore } from '../store/gms-store.ts';
import { contentMatches } from './file-content.ts';

/**
 * A name fit for a header and a file system: no path, no control characters or quotes, not too
 * long. Browsers send `"`, CR and LF in a multipart file name as %22, %0D, %0A (HTML's form
 * encoding): those go as the characters themselves do.
 */
const cleanName = (name: string) =>
  (name.split(/[\\/]/).pop() ?? '')
    .replace(/%22|%0D|%0A/gi, '_')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes.
    .replace(/[\u0000-\u001f\u007f"]/g, '_')
    .slice(-200);
const MEDIA_TYPE = /^[\w.+-]{1,64}\/[\w.+-]{1,64}$/;

/**
 * Keeps the file a request carried in its chat and offers it to the other side with a
 * `FileUploaded` entry: once its type is one the service takes and its bytes are what that type
 * says. The visitor's files count against `cap`. Returns the file and its entry, or why it was
 * refused.
 */
export async function storeFile(
  store: GmsStore,
  options: {
    request: FastifyRequest;
    chat: Chat;
    from: z.infer<typeof GmsParticipant>;
    description: string;
    types: readonly string[];
    cap: { files: number; bytes: number } | null;
    at: number;
  },
): Promise<{ file: SharedFile; entry: GmsChatMessage } | string> {
  const upload = uploadOf(options.request);
  if (!upload) return 'send the file as a multipart file part named file';
  const name = cleanName(upload.name);
  const extension = extensionOf(name);
  if (!options.types.includes(extension))
    return `${extension ? `.${extension}` : 'a file without an extension'} is not taken; send one of ${options.types.join(', ')}`;
  if (!upload.content.length) return 'the file is empty';
  if (!contentMatches(extension, upload.content))
    return `the file's content is not what a .${extension} file holds`;
  const file: SharedFile = {
    id: randomBytes(8).toString('hex').toUpperCase(),
    name,
    size: upload.content.length,
    type: MEDIA_TYPE.test(upload.type) ? upload.type : 'application/octet-stream',
    description: options.description,
  };
  const added = await store.addFile(
    {
      fileId: file.id,
      chatId: options.chat.chatId,
      name: file.name,
      type: file.type,
      size: file.size,
      description: file.description,
      from: options.from.type === 'Agent' ? 'Agent' : 'Client',
      createdAt: options.at,
      deletedAt: null,
    },
    upload.content,
    { type: 'FileUploaded', from: options.from, userData: fileUserData(file) },
    options.cap,
  );
  if (added === 'files') return `this chat takes ${options.cap?.files} files from you`;
  if (added === 'bytes') return `this chat takes ${options.cap?.bytes} bytes of files from you`;
  return { file, entry: added };
}

/**
 * A file's bytes as a download, never as a page: whatever type the uploader declared, the
 * browser saves it (attachment, octet-stream, nosniff) instead of rendering it on our origin.
 */
export function sendFile(reply: FastifyReply, file: { name: string }, content: Uint8Array) {
  const ascii = file.name.replace(/[^\x20-\x7e]|[%;\\]/g, '_');
  return reply
    .header('content-type', 'application/octet-stream')
    .header(
      'content-disposition',
      `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
    )
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'no-store')
    .send(Buffer.from(content));
}
