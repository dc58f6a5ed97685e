// The store suite on a real PostgreSQL server: a private one started for the test (or DATABASE_URL).
import { afterAll } from 'vitest';
import { openPostgres } from './pg-client.ts';
import { storeSuite } from './result-store.suite.ts';
import { startPrivatePostgres, type PrivatePostgres } from './testing/private-postgres.ts';

let server: PrivatePostgres | null = null;
afterAll(() => server?.stop());

storeSuite('PostgreSQL', async () => {
  server = await startPrivatePostgres();
  return openPostgres(server.url);
});
