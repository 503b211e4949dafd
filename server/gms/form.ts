import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { apiError, contractRefusal, errorHandler } from '../http/errors.ts';
import { checkRequestText } from '../http/text-check.ts';

/**
 * GMS takes form-urlencoded or multipart bodies; both arrive here as flat string fields. A multipart
 * body that breaks off fails while it is read, before the handler: that is the caller's 400. A body
 * its route's contract refuses is answered the way that GMS API answers (`refuse`), naming the field.
 */
export async function acceptForms(
  app: FastifyInstance,
  refuse: (reply: FastifyReply, field: string, message: string) => FastifyReply,
) {
  await app.register(formbody);
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: 0, files: 0, fields: 200 },
  });
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
    if (!request.isMultipart() || read.has(request) || error.statusCode)
      return errorHandler(error, request, reply);
    return reply
      .status(400)
      .send(apiError('invalid_multipart', `the multipart body is malformed: ${error.message}`));
  });
}

/** `userData[visitID]=…` fields as `{visitID: …}`: the attached data of a chat or callback. */
export function userDataOf(fields: Record<string, string>): Record<string, string> {
  const data: Record<string, string> = {};
  for (const [key, value] of Object.entries(fields)) {
    const match = /^userData\[([^\]]{1,64})\]$/.exec(key);
    if (match?.[1]) data[match[1]] = value.slice(0, 1024);
  }
  return data;
}
