import { createServer, type Server } from 'node:http';
import { apiError, RETRY_AFTER_S } from './errors.ts';

/**
 * What the port answers until the database is reached: the liveness probe 200, everything else
 * 503 with Retry-After (the tracker and the widgets wait it out), each connection closed after its
 * answer. `close` frees the port for the server proper.
 */
export async function answerUnavailable(port: number, host: string) {
  const server: Server = createServer((request, response) => {
    const live = request.url === '/server/health/live';
    response.writeHead(live ? 200 : 503, {
      'content-type': 'application/json; charset=utf-8',
      connection: 'close',
      ...(live ? {} : { 'retry-after': String(RETRY_AFTER_S) }),
    });
    response.end(
      JSON.stringify(
        live
          ? { status: 'ok' }
          : apiError('unavailable', 'the server is starting: its database is not reachable yet'),
      ),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
