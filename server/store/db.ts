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

/** The error code of a query refused because too many wait for a connection already. */
export const DATABASE_BUSY = 'BECKON_DATABASE_BUSY';

/**
 * How long the server waits on PostgreSQL before it answers 503 instead: for a connection (a cut
 * network does not refuse, it hangs), for a statement to run (a slow disk, a lock), for an answer
 * at all; and how many queries may wait for one of the pool's connections (beyond that a slow
 * database would pile up requests and memory).
 */
export const POSTGRES_LIMITS = {
  connectMs: 1000,
  statementMs: 5000,
  answerMs: 6000,
  connections: 10,
  waiting: 100,
};

export async function openPostgres(url: string, limits = POSTGRES_LIMITS): Promise<Db> {
  const { default: pg } = await import('pg');
  const settings = {
    connectionString: url,
    connectionTimeoutMillis: limits.connectMs,
    statement_timeout: limits.statementMs,
    query_timeout: limits.answerMs,
  };
  const pool = new pg.Pool({ ...settings, max: limits.connections });
  // An idle connection the server closes (a restart, a failover) is dropped from the pool, and the
  // next query opens another; unheard, the error would end the process.
  pool.on('error', () => {});
  const busy = () =>
    pool.waitingCount >= limits.waiting
      ? Object.assign(new Error('the database is busy: too many queries wait for it'), {
          code: DATABASE_BUSY,
        })
      : null;
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
  const pooled = queryOn(pool);
  return {
    kind: 'postgres',
    query: (sql, params, options) => {
      const refused = busy();
      return refused ? Promise.reject(refused) : pooled(sql, params, options);
    },
    transaction: async (work) => {
      const refused = busy();
      if (refused) throw refused;
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
        const next = new pg.Client(settings);
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
