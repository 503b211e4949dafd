import { createHash } from 'node:crypto';
import type { Db } from '../store/db.ts';

/**
 * The hub's "RPC cache timeout": the same text from the same visitor within the window is not
 * forwarded again, and each repeat starts the window anew. A window of 0 forwards everything. Kept
 * in the database, so a repeat that reaches another node is held back too; the key is a hash of
 * visitor and text, so no message is stored for it.
 */
export interface DuplicateWindow {
  /** Whether to forward this message now; records it either way. */
  shouldForward(visitor: string, text: string, now: number): Promise<boolean>;
}

export const DEFAULT_DUPLICATE_WINDOW_MS = 90_000;

export function createDuplicateWindow(
  db: Db,
  windowMs = DEFAULT_DUPLICATE_WINDOW_MS,
): DuplicateWindow {
  let pruned = 0;
  return {
    shouldForward: async (visitor, text, now) => {
      if (windowMs <= 0) return true;
      if (now - pruned >= windowMs) {
        pruned = now;
        await db.query('DELETE FROM inbox_recent WHERE seen_at < $1', [now - windowMs]);
      }
      const key = createHash('sha256').update(`${visitor}\u0000${text.trim()}`).digest('hex');
      // The row lock serialises two nodes seeing the same text at once: one of them sees the other.
      const { rows } = await db.query<{ previous: string | number | null }>(
        `INSERT INTO inbox_recent AS r (key, seen_at) VALUES ($1, $2)
         ON CONFLICT (key) DO UPDATE SET seen_at = EXCLUDED.seen_at, previous = r.seen_at
         RETURNING previous`,
        [key, now],
      );
      const previous = rows[0]?.previous;
      return previous === null || previous === undefined || now - Number(previous) >= windowMs;
    },
  };
}
