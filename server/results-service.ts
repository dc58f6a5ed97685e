// Opens the results service for `npm start` (Node, server): PostgreSQL when DATABASE_URL is set, else PGlite in
// DATA_DIR (default .data/results), migrated, behind the results API.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Hono } from 'hono';
import * as v from 'valibot';
import { CatalogSchema, type Catalog } from '../src/shared/catalog.ts';
import { resultsApi } from './api/results-api.ts';
import { migrate } from './store/migrations.ts';
import { openPglite } from './store/pglite-client.ts';
import { openPostgres } from './store/pg-client.ts';
import { SqlResultStore } from './store/result-store.ts';
import type { SqlClient } from './store/sql-client.ts';

export interface ResultsService {
  api: Hono;
  /** Where results are kept, in words. */
  where: string;
  close(): Promise<void>;
}

export async function openResultsService(root: string, env: NodeJS.ProcessEnv = process.env): Promise<ResultsService> {
  const catalogFile = path.join(root, 'models', 'mirror', 'catalog.json');
  const catalog: Catalog = v.parse(CatalogSchema, JSON.parse(readFileSync(catalogFile, 'utf8')));
  let db: SqlClient;
  let where: string;
  if (env.DATABASE_URL) {
    db = await openPostgres(env.DATABASE_URL);
    await migrate(db);
    where = `PostgreSQL (${new URL(env.DATABASE_URL).host})`;
  } else {
    const dir = path.resolve(root, env.DATA_DIR ?? '.data/results');
    db = await openPglite(dir, async (c) => {
      await migrate(c);
    });
    where = `PGlite in ${dir}`;
  }
  const store = new SqlResultStore(db);
  const trustedProxies = (env.TRUSTED_PROXIES ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return { api: resultsApi({ store, catalog: () => catalog, trustedProxies }), where, close: () => store.close() };
}
