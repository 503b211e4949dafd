import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The token that opens a visit's notification stream: an HMAC of the visitID, handed out by the
 * events endpoint to whoever sends that visit's events. Stateless, so any server with the secret
 * can check it.
 */
export interface VisitTokens {
  issue(visitID: string): string;
  verify(visitID: string, token: unknown): boolean;
}

export function createVisitTokens(secret: string): VisitTokens {
  const issue = (visitID: string) =>
    createHmac('sha256', secret).update(`visit:${visitID}`).digest('base64url');
  return {
    issue,
    verify: (visitID, token) => {
      if (typeof token !== 'string') return false;
      const expected = Buffer.from(issue(visitID));
      const given = Buffer.from(token);
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
  };
}
