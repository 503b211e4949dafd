import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { apiError } from '../http/errors.ts';
import type { VisitStore } from '../store/visit-store.ts';
import type { Access } from './access.ts';
import { bearerOf } from './access.ts';

/** What the database keeps of a visit key: its SHA-256, so a leaked database opens no visit. */
export const hashVisitKey = (key: string) => createHash('sha256').update(key).digest('hex');

export const keyFits = (keyHash: string | null, key: unknown) => {
  if (typeof key !== 'string' || keyHash === null) return false;
  const given = Buffer.from(hashVisitKey(key));
  return given.length === keyHash.length && timingSafeEqual(given, Buffer.from(keyHash));
};

const visitKeyRefused = () =>
  apiError(
    'invalid_visit_key',
    'Authorization must be "Bearer <visit key>", the key the visit was created with',
    'authorization',
  );

/**
 * Checks a visitor route's request for the visit it names: the visit's key in `Authorization:
 * Bearer`, and where the request names the browser too, the visit's own globalVisitID. An unknown
 * visit gets the same answer as a wrong key, so the answer tells nothing about other people's visits.
 * `agents` lets an agent (token or trusted loopback) through as well.
 */
export function createVisitGate(visits: VisitStore, access: Access) {
  return async (
    request: FastifyRequest,
    reply: FastifyReply,
    visitID: string,
    options: { globalVisitID?: string; agents?: boolean } = {},
  ): Promise<boolean> => {
    if (options.agents && access.isAgent(request)) return true;
    const credential = await visits.credential(visitID);
    const fits =
      credential !== null &&
      keyFits(credential.keyHash, bearerOf(request)) &&
      (options.globalVisitID === undefined || options.globalVisitID === credential.globalVisitID);
    if (!fits) reply.status(401).header('www-authenticate', 'Bearer').send(visitKeyRefused());
    return fits;
  };
}
export type VisitGate = ReturnType<typeof createVisitGate>;
