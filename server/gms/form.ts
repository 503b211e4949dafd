import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';

/** GMS takes form-urlencoded or multipart bodies; both arrive here as flat string fields. */
export async function acceptForms(app: FastifyInstance) {
  await app.register(formbody);
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: 0, files: 0, fields: 200 },
  });
}

export function formFields(body: unknown): Record<string, string> {
  const fields: Record<string, string> = {};
  if (typeof body !== 'object' || body === null) return fields;
  for (const [key, value] of Object.entries(body)) {
    if (typeof value === 'string') fields[key] = value;
    else if (typeof value === 'number' || typeof value === 'boolean') fields[key] = String(value);
  }
  return fields;
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
