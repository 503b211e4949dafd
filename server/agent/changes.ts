import { AgentChange } from '../../src/protocol/agent.ts';
import type { Db } from '../store/db.ts';

const CHANNEL = 'beckon_agents';

/**
 * What changed for agents, told to the agent streams of every node through the database
 * (`NOTIFY beckon_agents`). After a lost connection, listeners hear `{everything: true}`: what
 * was said meanwhile is gone, so consoles read everything again.
 */
export interface AgentChanges {
  tell(change: AgentChange): Promise<void>;
  listen(listener: (change: AgentChange) => void): () => void;
  close(): Promise<void>;
}

export async function createAgentChanges(db: Db): Promise<AgentChanges> {
  const listeners = new Set<(change: AgentChange) => void>();
  const hear = (change: AgentChange) => {
    for (const listener of listeners) listener(change);
  };
  const unlisten = await db.listen(
    CHANNEL,
    (payload) => {
      let value: unknown;
      try {
        value = JSON.parse(payload);
      } catch {
        return;
      }
      const parsed = AgentChange.safeParse(value);
      if (parsed.success) hear(parsed.data);
    },
    () => hear({ everything: true }),
  );
  return {
    tell: async (change) => {
      await db.query('SELECT pg_notify($1, $2)', [CHANNEL, JSON.stringify(change)]);
    },
    listen: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: unlisten,
  };
}
