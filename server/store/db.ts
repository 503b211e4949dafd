import { createHash } from 'node:crypto';

/**
 * The one database interface the store uses: embedded PostgreSQL (PGlite) by default, a PostgreSQL
 * server when DATABASE_URL is set. Same SQL, same migrations on both.
 */
export interface Queryable {
  /**
   * `prepared`: a statement run often (ingest's write, the visit key check) is parsed and planned
   * once per connection to a PostgreSQL server, not at every call. Single statements only.
   */
  query<Row = Record<string, unknown>>(
    sql: string,
    params?: unknown[],
    options?: { prepared?: boolean },
  ): Promise<{ rows: Row[] }>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Hears `NOTIFY channel` from every process on the database. After a lost connection it listens
   * again and calls `onResumed`, so the caller can catch up on what it missed. Returns `unlisten`.
   */
  listen(
    channel: string,
    onPayload: (payload: string) => void,
    onResumed: () => void,
  ): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** `dataDir` undefined means an in-memory database (tests). */
export async function openPglite(dataDir?: string): Promise<Db> {
  const { PGlite } = await import('@electric-sql/pglite');
  const pg = dataDir ? await PGlite.create(dataDir) : await PGlite.create();
  return {
    kind: 'pglite',
    query: (sql, params) => pg.query(sql, params),
    // PGlite plans every statement anew: `prepared` means nothing to it.
    transaction: (work) =>
      pg.transaction((tx) => work({ query: (sql, params) => tx.query(sql, params) })),
    // One process holds PGlite: its notifications are never lost to a connection.
    listen: (channel, onPayload) => pg.listen(channel, onPayload),
    close: () => pg.close(),
  };
}

export async function openPostgres(url: string): Promise<Db> {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle connection the server closes (a restart, a failover) is dropped from the pool, and the
  // next query opens another; unheard, the error would end the process.
  pool.on('error', () => {});
  await pool.query('select 1');
  const names = new Map<string, string>();
  const nameOf = (sql: string) => {
    let name = names.get(sql);
    if (!name) {
      name = `beckon_${createHash('sha256').update(sql).digest('hex').slice(0, 16)}`;
      names.set(sql, name);
    }
    return name;
  };
  const queryOn =
    (on: InstanceType<typeof pg.Pool> | InstanceType<typeof pg.Client>) =>
    <Row>(sql: string, params?: unknown[], options?: { prepared?: boolean }) =>
      (options?.prepared
        ? on.query({ name: nameOf(sql), text: sql, values: params ?? [] })
        : on.query(sql, params)) as unknown as Promise<{ rows: Row[] }>;
  return {
    kind: 'postgres',
    query: queryOn(pool),
    transaction: async (work) => {
      const client = await pool.connect();
      // A connection lost mid-transaction fails the query that waits on it, and is not given back
      // to the pool; the same error is also emitted on the client, where unheard it would end the
      // process.
      let lost: Error | undefined;
      const onLost = (error: Error) => {
        lost = error;
      };
      client.on('error', onLost);
      try {
        await client.query('BEGIN');
        const result = await work({ query: queryOn(client) });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        if (!lost) await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.removeListener('error', onLost);
        client.release(lost);
      }
    },
    listen: async (channel, onPayload, onResumed) => {
      let client: InstanceType<typeof pg.Client> | null = null;
      let stopped = false;
      const connect = async (): Promise<void> => {
        const next = new pg.Client({ connectionString: url });
        next.on('notification', (message) => {
          if (message.channel === channel) onPayload(message.payload ?? '');
        });
        next.on('error', () => {
          // The connection is gone (a restart, a network cut): listen again, then catch up.
          if (stopped || client !== next) return;
          client = null;
          void next.end().catch(() => {});
          const retry = () =>
            connect()
              .then(onResumed)
              .catch(() => setTimeout(retry, 1000).unref());
          setTimeout(retry, 1000).unref();
        });
        await next.connect();
        await next.query(`LISTEN ${channel}`);
        client = next;
      };
      await connect();
      return async () => {
        stopped = true;
        await client?.end().catch(() => {});
      };
    },
    close: () => pool.end(),
  };
}
