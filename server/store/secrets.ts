import { randomBytes } from 'node:crypto';
import type { Db } from './db.ts';

/**
 * A server secret kept in the database, made on first use, so tokens signed with it survive restarts
 * and hold across several servers sharing one PostgreSQL.
 */
export async function serverSecret(db: Db, name: string): Promise<string> {
  const fresh = randomBytes(32).toString('base64url');
  await db.query(
    'INSERT INTO secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING',
    [name, fresh],
  );
  const { rows } = await db.query<{ value: string }>('SELECT value FROM secrets WHERE name = $1', [
    name,
  ]);
  const value = rows[0]?.value;
  if (!value) throw new Error(`secret ${name} could not be stored`);
  return value;
}
