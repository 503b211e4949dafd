import { createServer, request as forward } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A load balancer in front of several nodes, as nginx with failover: each request goes to the first
 * node that takes the connection; a node that refuses it (killed) is skipped. Streams pass through
 * unbuffered, and end when their node dies, so the page reconnects through the balancer.
 */
export async function balancer(nodes: string[]) {
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      const attempt = (index: number) => {
        const node = new URL(nodes[index] as string);
        const proxied = forward(
          {
            host: node.hostname,
            port: node.port,
            method: incoming.method,
            path: incoming.url,
            headers: incoming.headers,
          },
          (answer) => {
            outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(outgoing);
            answer.on('error', () => outgoing.destroy());
          },
        );
        proxied.on('error', (error: NodeJS.ErrnoException) => {
          if (!outgoing.headersSent && error.code === 'ECONNREFUSED' && index + 1 < nodes.length)
            return attempt(index + 1);
          outgoing.destroy();
        });
        proxied.end(body);
      };
      attempt(0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
