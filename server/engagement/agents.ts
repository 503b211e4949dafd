import type { Db } from '../store/db.ts';

/**
 * How many agents can take an engagement now: the pacing input of the policy. The agent console and
 * the demo toggle set it; a contact-centre integration would feed it from its own presence data.
 * One count in the database, so every node paces by it.
 */
export interface AgentAvailability {
  available(): Promise<number>;
  set(count: number): Promise<void>;
}

/** `initial` is the count when the database has none yet: a node's restart changes nothing. */
export async function createAgentAvailability(db: Db, initial: number): Promise<AgentAvailability> {
  await db.query(
    `INSERT INTO agent_availability (id, available, updated_at) VALUES (1, $1, $2)
     ON CONFLICT (id) DO NOTHING`,
    [initial, Date.now()],
  );
  return {
    available: async () => {
      const { rows } = await db.query<{ available: number }>(
        'SELECT available FROM agent_availability WHERE id = 1',
      );
      return rows[0]?.available ?? initial;
    },
    set: async (count) => {
      await db.query('UPDATE agent_availability SET available = $1, updated_at = $2 WHERE id = 1', [
        count,
        Date.now(),
      ]);
    },
  };
}
