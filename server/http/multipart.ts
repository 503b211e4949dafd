import multipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { apiError, contractRefusal, errorHandler } from './errors.ts';
import { checkRequestText } from './text-check.ts';

/** The one file a multipart request carried: its name, declared media type and bytes. */
export interface Upload {
  name: string;
  type: string;
  content: Buffer;
}

const uploads = new WeakMap<FastifyRequest, Upload>();

/**
 * @fastify/multipart's options for routes that take one file of at most `maxBytes`: the file's
 * bytes are kept aside for the handler (`uploadOf`) and its field holds the file's name, so the
 * route's contract checks every field as text. A larger file fails while it is read.
 */
const oneFile = (maxBytes: number) => ({
  attachFieldsToBody: 'keyValues' as const,
  limits: { fileSize: maxBytes, files: 1, fields: 20 },
  async onFile(this: FastifyRequest, part: MultipartFile) {
    uploads.set(this, {
      name: part.filename,
      type: part.mimetype,
      content: await part.toBuffer(),
    });
    (part as MultipartFile & { value: string }).value = part.filename;
  },
});

export const uploadOf = (request: FastifyRequest) => uploads.get(request) ?? null;

/**
 * Multipart bodies as flat string fields, for the routes of `app`'s scope; with `files`, one file
 * each as well. A body that breaks off fails while it is read, before the handler: that is the
 * caller's 400. A body the route's contract refuses, or a file too large, goes to `refuse`
 * naming the field, so each API answers in its own shape.
 */
export async function acceptMultipart(
  app: FastifyInstance,
  refuse: (reply: FastifyReply, field: string, message: string) => FastifyReply,
  files?: { maxBytes: number },
) {
  await app.register(
    multipart,
    files
      ? oneFile(files.maxBytes)
      : { attachFieldsToBody: 'keyValues', limits: { fileSize: 0, files: 0, fields: 200 } },
  );
  // A request that gets here was read whole; one that fails before did not. Multipart fields
  // arrive only now: their text is checked here, before the route's contract.
  const read = new WeakSet<FastifyRequest>();
  app.addHook('preValidation', async (request, reply) => {
    read.add(request);
    if (request.isMultipart()) return checkRequestText(request, reply);
  });
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const refused = contractRefusal(error);
    if (refused) return refuse(reply, refused.field, refused.message);
    if (files && error.code === 'FST_REQ_FILE_TOO_LARGE')
      return refuse(reply, 'file', `the file is larger than ${files.maxBytes} bytes`);
    if (files && error.code === 'FST_FILES_LIMIT')
      return refuse(reply, 'file', 'send one file per request');
    if (!request.isMultipart() || read.has(request) || error.statusCode)
      return errorHandler(error, request, reply);
    return reply
      .status(400)
      .send(apiError('invalid_multipart', `the multipart body is malformed: ${error.message}`));
  });
}
