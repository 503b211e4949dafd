import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { acceptMultipart } from '../http/multipart.ts';

/**
 * GMS takes form-urlencoded or multipart bodies; both arrive here as flat string fields (with one
 * file for the routes that take `files`). A body its route's contract refuses is answered the way
 * that GMS API answers (`refuse`), naming the field.
 */
export async function acceptForms(
  app: FastifyInstance,
  refuse: (reply: FastifyReply, field: string, message: string) => FastifyReply,
  files?: { maxBytes: number },
) {
  await app.register(formbody);
  await acceptMultipart(app, refuse, files);
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
