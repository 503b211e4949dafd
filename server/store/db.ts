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
  /** The connections: all, idle, and queries waiting for one (metrics). */
  pool(): { total: number; idle: number; waiting: number };
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
    // One connection, in the process.
    pool: () => ({ total: 1, idle: 1, waiting: 0 }),
    close: () => pg.close(),
  };
}

/** The error code of a query refused because too many wait for a connection already. */
export const DATABASE_BUSY = 'BECKON_DATABASE_BUSY';

/**
 * The database away or too slow to wait for: refused or cut connections, PostgreSQL's "connection
 * exception" (08…) and "operator intervention" (57P…, a shutdown or a start) classes, a statement
 * past its timeout (57014), no connection within the connect timeout, no answer within the query
 * timeout, or too many queries already waiting (server/store/db.ts). Worth a retry in a moment.
 */
export const databaseAway = (error: { code?: unknown; message?: unknown }) =>
  (typeof error.code === 'string' &&
    (/^(08[0-9A-Z]{3}|57P0[1-3]|57014)$/.test(error.code) ||
      ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', DATABASE_BUSY].includes(error.code))) ||
  (typeof error.message === 'string' &&
    /Connection terminated|connection timeout|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error/i.test(
      error.message,
    ));

/**
 * How long the server waits on PostgreSQL before it answers 503 instead, so that a caller has its
 * answer within a second whatever the database does: for a connection (a cut network does not
 * refuse, it hangs), for a statement to run (a slow disk, a lock; PostgreSQL cancels it), for an
 * answer at all (a stalled network); and how many queries may wait for one of the pool's
 * connections (beyond that a slow database would pile up requests and memory). Beckon's queries
 * take milliseconds; migrations, which may not, run without these (main.ts).
 */
export const POSTGRES_LIMITS = {
  connectMs: 500,
  statementMs: 900,
  answerMs: 950,
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
        // A connection that did not answer in time is not asked again (a ROLLBACK would wait as
        // long): it is dropped, and PostgreSQL rolls back what it held when it goes.
        if (!lost && /timeout/i.test((error as Error).message)) lost = error as Error;
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
    pool: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    close: () => pool.end(),
  };
}
