import type { CallbackRow, GmsStore } from '../store/gms-store.ts';
import type { GmsConfig } from './config.ts';

/**
 * GMS's `_wait_for_user_confirm`: when an agent is ready, the visitor is asked whether they can take
 * the call now, and has `timeoutMs` (`_user_confirm_timeout`, 30 s by default) to say so; unanswered,
 * the callback goes back in the queue, and after `maxAttempts` asks (3 by default) it completes
 * with FAIL_USER_NO_CONFIRM.
 */
export function userConfirm(config: GmsConfig) {
  return {
    timeoutMs: (config.userConfirmTimeoutSeconds ?? 30) * 1000,
    maxAttempts: config.maxConfirmAttempts ?? 3,
  };
}
export type UserConfirm = ReturnType<typeof userConfirm>;

export const waitsForUser = (row: CallbackRow) => row.options._wait_for_user_confirm === 'true';

/**
 * The callback as it stands at `now`: an ask left unanswered past its time has expired. Expiry is
 * settled when the callback is read, by whichever node reads it, so no node keeps a timer.
 */
export async function current(
  store: GmsStore,
  row: CallbackRow,
  now: number,
  { maxAttempts }: UserConfirm,
): Promise<CallbackRow> {
  if (row.confirmBy === null || row.confirmBy >= now) return row;
  const expired = await store.confirmation(row.callbackId, { expire: true, maxAttempts }, now);
  return expired ?? (await store.getCallback(row.callbackId)) ?? row;
}
