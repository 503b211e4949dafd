/**
 * The one database interface the store uses: embedded PostgreSQL (PGlite) by default, a PostgreSQL
 * server when DATABASE_URL is set. Same SQL, same migrations on both.
 */
export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: Row[] }>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** `dataDir` undefined means an in-memory database (tests). */
export async function openPglite(dataDir?: string): Promise<Db> {
  const { PGlite } = await import('@electric-sql/pglite');
  const pg = dataDir ? await PGlite.create(dataDir) : await PGlite.create();
  return {
    kind: 'pglite',
    query: (sql, params) => pg.query(sql, params),
    transaction: (work) => pg.transaction((tx) => work(tx)),
    close: () => pg.close(),
  };
}

export async function openPostgres(url: string): Promise<Db> {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  await pool.query('select 1');
  return {
    kind: 'postgres',
    query: <Row>(sql: string, params?: unknown[]) =>
      pool.query(sql, params) as unknown as Promise<{ rows: Row[] }>,
    transaction: async (work) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work({
          query: <Row>(sql: string, params?: unknown[]) =>
            client.query(sql, params) as unknown as Promise<{ rows: Row[] }>,
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
