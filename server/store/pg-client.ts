// SqlClient over a PostgreSQL server (Node, server): DATABASE_URL=postgres://... selects it; app servers stay stateless.
import pg from 'pg';
import type { SqlClient } from './sql-client.ts';

function wrap(run: (text: string, params?: unknown[]) => Promise<{ rows: unknown[] }>): SqlClient['query'] {
  return async <T>(text: string, params: unknown[] = []) => (await run(text, params)).rows as T[];
}

export async function openPostgres(connectionString: string, max = 10): Promise<SqlClient> {
  const pool = new pg.Pool({ connectionString, max });
  // Fail now, with the reason, rather than on the first request.
  await pool.query('select 1');
  return {
    kind: 'postgres',
    query: wrap((text, params) => pool.query(text, params)),
    async transaction(fn) {
      const conn = await pool.connect();
      try {
        await conn.query('begin');
        const tx: SqlClient = {
          kind: 'postgres',
          query: wrap((text, params) => conn.query(text, params)),
          transaction: (inner) => inner(tx),
          close: async () => {},
        };
        const value = await fn(tx);
        await conn.query('commit');
        return value;
      } catch (err) {
        await conn.query('rollback').catch(() => {});
        throw err;
      } finally {
        conn.release();
      }
    },
    close: () => pool.end(),
  };
}
