// SqlClient over PGlite in a data folder (Node, server): the embedded default of `npm start`, one process per folder.
import { DataFolderError } from '../../src/shared/errors.ts';
import { PGlite } from '@electric-sql/pglite';
import { interruptedFirstStart, lockDataFolder, markReady } from './data-lock.ts';
import type { SqlClient } from './sql-client.ts';

type Queryable = Pick<PGlite, 'query'>;

function clientOver(db: Queryable, transaction: SqlClient['transaction'], close: () => Promise<void>): SqlClient {
  return {
    kind: 'pglite',
    query: async <T>(text: string, params: unknown[] = []) => (await db.query<T>(text, params)).rows,
    transaction,
    close,
  };
}

/**
 * Opens (creating if needed) the PGlite database in `dir`, holding the folder's lock; `dir` 'memory://' opens an
 * in-memory database without a lock. `prepare` runs once the database is open (migrations); only after it succeeds
 * is the folder marked ready, so a folder left by an interrupted first start is recognised and reported.
 */
export async function openPglite(dir: string, prepare: (client: SqlClient) => Promise<void>): Promise<SqlClient> {
  const memory = dir.startsWith('memory://');
  if (!memory && interruptedFirstStart(dir)) {
    throw new DataFolderError(
      `the data folder ${dir} holds a database whose first start was interrupted before it finished; move it aside or delete it, then start again`,
    );
  }
  const unlock = memory ? async () => {} : await lockDataFolder(dir);
  let db: PGlite;
  try {
    db = await PGlite.create(memory ? undefined : dir);
  } catch (err) {
    await unlock();
    throw new DataFolderError(`could not open the database in ${dir}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const close = async () => {
    await db.close();
    await unlock();
  };
  const inTransaction = (tx: Queryable): SqlClient => {
    const c: SqlClient = clientOver(
      tx,
      (inner) => inner(c),
      async () => {},
    );
    return c;
  };
  const client = clientOver(db, (fn) => db.transaction((tx) => fn(inTransaction(tx))), close);
  try {
    await prepare(client);
  } catch (err) {
    await close();
    throw err;
  }
  if (!memory) markReady(dir);
  return client;
}
