import type { FastifyInstance } from 'fastify';
import { AgentChange } from '../../src/protocol/agent.ts';
import { eventStreams } from '../http/event-stream.ts';
import type { AgentChanges } from './changes.ts';

/**
 * `GET /server/agent/events`: what changed for agents, as Server-Sent Events (`event: change`,
 * data an AgentChange), so the console reads a chat, the queue or everything again at once instead
 * of polling. An agent route (server/auth/route-classes.ts); each node streams what every node did.
 */
export async function agentEventRoutes(
  app: FastifyInstance,
  options: { changes: AgentChanges; heartbeatMs?: number | undefined },
) {
  const openStream = eventStreams(app, options.heartbeatMs);
  app.get(
    '/server/agent/events',
    {
      schema: {
        summary: 'What changed for agents, as Server-Sent Events (event: change)',
        response: {
          200: {
            description: 'event: change; data: AgentChange',
            content: { 'text/event-stream': { schema: AgentChange } },
          },
        },
      },
    },
    async (request, reply) => {
      let stop: (() => void) | null = null;
      const stream = openStream(request, reply, 'beckon agent events', () => stop?.());
      stop = options.changes.listen((change) =>
        stream.write(`event: change\ndata: ${JSON.stringify(change)}\n\n`),
      );
    },
  );
}
