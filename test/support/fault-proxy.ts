import { connect, createServer, type Socket } from 'node:net';

/**
 * A TCP proxy between the server and its database, to give the server the faults databases have:
 * every connection cut (a restart, a failover), new ones refused for a while (the database down),
 * every byte held (a network that stalls), or each chunk late (a slow link or disk).
 */
export interface FaultProxy {
  /** Where the server connects instead of the database. */
  readonly port: number;
  /** Cuts every open connection, as a restart or a failover does. */
  cut(): void;
  /** While on, new connections are closed at once (the database down); open ones are cut. */
  refuse(on: boolean): void;
  /** While on, nothing passes either way (a stalled network); what was held passes after. */
  stall(on: boolean): void;
  /** Holds each chunk `ms` before passing it on (0: off). */
  slow(ms: number): void;
  /** Connections open through the proxy now. */
  readonly open: number;
  close(): Promise<void>;
}

export async function faultProxy(target: { host: string; port: number }): Promise<FaultProxy> {
  const pairs = new Set<[Socket, Socket]>();
  let refusing = false;
  let stalled = false;
  let delayMs = 0;
  const held: Array<() => void> = [];

  /** Passes `from`'s data to `to`, held back while stalled or slowed. */
  const pipe = (from: Socket, to: Socket) => {
    from.on('data', (chunk) => {
      const pass = () => {
        if (!to.destroyed) to.write(chunk);
      };
      if (stalled || delayMs > 0) {
        // Order matters: everything behind a held chunk waits for it.
        from.pause();
        const resume = () => {
          pass();
          from.resume();
        };
        if (stalled) held.push(resume);
        else setTimeout(resume, delayMs);
      } else pass();
    });
  };

  const server = createServer((client) => {
    if (refusing) {
      client.destroy();
      return;
    }
    const upstream = connect(target.port, target.host);
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    const drop = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    for (const socket of pair) {
      socket.on('error', drop);
      socket.on('close', drop);
    }
    pipe(client, upstream);
    pipe(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  const cut = () => {
    for (const [client, upstream] of [...pairs]) {
      client.destroy();
      upstream.destroy();
    }
    pairs.clear();
  };
  return {
    port,
    cut,
    refuse: (on) => {
      refusing = on;
      if (on) cut();
    },
    stall: (on) => {
      stalled = on;
      if (!on) for (const resume of held.splice(0)) resume();
    },
    slow: (ms) => {
      delayMs = ms;
    },
    get open() {
      return pairs.size;
    },
    close: () =>
      new Promise<void>((resolve) => {
        cut();
        server.close(() => resolve());
      }),
  };
}
