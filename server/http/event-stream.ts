import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Comments keep proxies and load balancers from closing an idle stream. */
export const HEARTBEAT_MS = 15_000;

export interface EventStream {
  write(text: string): void;
  end(): void;
  readonly ended: boolean;
}

/**
 * Server-Sent Events responses for `app`'s routes: the headers (nothing buffered on the way, by
 * nginx either), a first comment naming the stream, heartbeats, and an end when the client goes or
 * the server closes.
 */
export function eventStreams(app: FastifyInstance, heartbeatMs = HEARTBEAT_MS) {
  const open = new Set<() => void>();
  // Before the server waits for its requests to finish (a stop, a rolling deploy): a stream never
  // would, and its client reconnects, to another node behind the load balancer.
  app.addHook('preClose', async () => {
    for (const end of [...open]) end();
  });
  return (
    request: FastifyRequest,
    reply: FastifyReply,
    name: string,
    onEnd: () => void,
  ): EventStream => {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      ...(reply.getHeaders() as Record<string, string>),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write(`: ${name}\n\n`);
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), heartbeatMs);
    const stream = {
      ended: false,
      write: (text: string) => {
        if (!stream.ended) res.write(text);
      },
      end: () => {
        if (stream.ended) return;
        stream.ended = true;
        clearInterval(heartbeat);
        open.delete(stream.end);
        app.metrics?.streamsOpen.dec(counted);
        onEnd();
        res.end();
      },
    };
    open.add(stream.end);
    request.raw.on('close', stream.end);
    const counted = { stream: request.routeOptions.config.routeClass ?? 'visitor' };
    app.metrics?.streamsOpen.inc(counted);
    return stream;
  };
}
