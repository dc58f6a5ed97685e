// The SQL both stores speak (Node, server): one small interface over PGlite and node-postgres, so the same SQL,
// migrations and store code run embedded or against a PostgreSQL server.

export interface SqlClient {
  /** Runs one parameterised statement ($1, $2, ...) and returns its rows. */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Runs `fn` in a transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** 'pglite' or 'postgres', for messages and health output. */
  readonly kind: 'pglite' | 'postgres';
}
