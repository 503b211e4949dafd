import type { GmsAdapterConfig } from '../../src/protocol/config.ts';
import { CallbackAction } from '../../src/protocol/gms.ts';
import { CallbackStand, QueuePosition } from '../../src/protocol/gms-queue.ts';
import type { MediaContext } from '../../src/protocol/media.ts';

/**
 * Headers of a GMS service request: `apikey` behind Apigee, and `gms_user`, the user GMS keeps the
 * service under, as GMS's samples send it (this browser's globalVisitID).
 */
export const serviceHeaders = (config: GmsAdapterConfig, context: MediaContext) => ({
  ...(config.apikey ? { apikey: config.apikey } : {}),
  gms_user: context.globalVisitID,
});

/** POSTs GMS form fields and reads a callback-style `_action` answer, naming what went wrong. */
export async function postService(
  fetchFn: typeof fetch,
  url: string,
  fields: Record<string, string>,
  headers: Record<string, string>,
): Promise<CallbackAction | { '_chatIxnAPI-CREATE-URL': string }> {
  const response = await fetchFn(url, {
    method: 'POST',
    body: new URLSearchParams(fields),
    headers,
    credentials: 'omit',
  });
  const body = (await response.json().catch(() => null)) as Record<string, unknown> | null;
  if (!response.ok) {
    const advice =
      (body?.errors as Array<{ advice?: string }> | undefined)?.[0]?.advice ?? body?.message;
    throw new Error(`${url} answered ${response.status}${advice ? `: ${advice}` : ''}`);
  }
  if (typeof body?.['_chatIxnAPI-CREATE-URL'] === 'string')
    return { '_chatIxnAPI-CREATE-URL': body['_chatIxnAPI-CREATE-URL'] };
  const action = CallbackAction.safeParse(body);
  if (!action.success) throw new Error(`${url} answered without a known _action`);
  return action.data;
}

/** A callback's id and state from a GMS answer about it, or null when the answer is not one. */
export const recordOf = (body: unknown) => CallbackStand.safeParse(body).data ?? null;

/** Where a callback stands (check-queue-position), or null from a service that does not say. */
export const positionOf = (body: unknown) => QueuePosition.safeParse(body).data ?? null;
