import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** SocialHub refuses, and so do we, webhook calls whose timestamp is further than this from now. */
export const MAX_SKEW_MS = 5 * 60_000;

/** The challenge for a call: SHA-256 (hex) of `"<timestamp>;<secret>"`; the receiver echoes it. */
export const challengeFor = (timestamp: string, secret: string) =>
  createHash('sha256').update(`${timestamp};${secret}`).digest('hex');

/** The signature of a raw body: HMAC-SHA256 (hex) keyed with the challenge. */
export const signatureFor = (rawBody: string | Buffer, challenge: string) =>
  createHmac('sha256', challenge).update(rawBody).digest('hex');

export type Verdict =
  | { ok: true; challenge: string }
  | { ok: false; reason: 'missing-headers' | 'stale-timestamp' | 'bad-signature' };

/**
 * Checks a SocialHub webhook call (X-SocialHub-Timestamp, X-SocialHub-Signature) against the raw
 * body as received; parsing it first would change what was signed.
 */
export function verifyWebhook(
  headers: { timestamp: string | undefined; signature: string | undefined },
  rawBody: string | Buffer,
  secret: string,
  now: number,
): Verdict {
  const { timestamp, signature } = headers;
  if (!timestamp || !signature || !/^\d+$/.test(timestamp))
    return { ok: false, reason: 'missing-headers' };
  if (Math.abs(now - Number(timestamp)) > MAX_SKEW_MS)
    return { ok: false, reason: 'stale-timestamp' };
  const challenge = challengeFor(timestamp, secret);
  const expected = Buffer.from(signatureFor(rawBody, challenge), 'hex');
  const given = Buffer.from(signature, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'bad-signature' };
  return { ok: true, challenge };
}
