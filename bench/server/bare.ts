// A bare Fastify route for the ingest bench to stand beside Beckon's: it reads the same body (JSON
// as text/plain, as beacons send it), checks it with the same schema, and answers as Beckon does,
// storing nothing. Started as a process of its own; prints its address when it listens.
import Fastify from 'fastify';
import { EventBatch } from '../../src/protocol/ingest.ts';

const app = Fastify({ bodyLimit: 1024 * 1024 });
app.addContentTypeParser('text/plain', { parseAs: 'string' }, (_request, body, done) => {
  try {
    done(null, JSON.parse(body as string));
  } catch (error) {
    done(error as Error);
  }
});
app.post('/server/data/events', async (request, reply) => {
  const parsed = EventBatch.safeParse(request.body);
  if (!parsed.success) return reply.status(400).send({ error: 'invalid_event' });
  return { accepted: parsed.data.events.map((event) => event.eventID), duplicates: [] };
});
const address = await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`${address}\n`);
