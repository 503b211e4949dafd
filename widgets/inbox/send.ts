import { InboxResult } from '../../src/protocol/inbox.ts';
import { retryAfterMs } from '../../src/shared/retry-after.ts';

/** One try at handing a message to the relay: done, worth another try (and when), or refused. */
export type Attempt =
  | { outcome: 'done'; result: InboxResult }
  | { outcome: 'retry'; afterMs: number | null }
  | { outcome: 'refused'; reason: string };

/**
 * Posts a visitor's message once. Network failures, 429 and 5xx (but 502, a refusal the relay passes
 * on) are worth retrying, after `Retry-After` when the server names it; the relay's answer to a
 * retry of a message it already forwarded is still a success, so retrying is always safe.
 */
export async function sendOnce(
  fetchFn: typeof fetch,
  url: string,
  key: string | null,
  body: unknown,
): Promise<Attempt> {
  // No key: the visit ended in another tab meanwhile; the next page of the visit sends it.
  if (!key) return { outcome: 'retry', afterMs: null };
  let response: Response;
  try {
    response = await fetchFn(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify(body),
    });
  } catch {
    return { outcome: 'retry', afterMs: null };
  }
  const answer: unknown = await response.json().catch(() => null);
  if (response.ok) {
    const parsed = InboxResult.safeParse(answer);
    return parsed.success
      ? { outcome: 'done', result: parsed.data }
      : { outcome: 'retry', afterMs: null };
  }
  if (response.status === 429 || (response.status >= 500 && response.status !== 502)) {
    return { outcome: 'retry', afterMs: retryAfterMs(response) };
  }
  const message = (answer as { message?: unknown } | null)?.message;
  return {
    outcome: 'refused',
    reason: typeof message === 'string' ? message : `the server answered ${response.status}`,
  };
}
