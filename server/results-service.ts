// Opens the results service for `npm start` (Node, server): PostgreSQL when DATABASE_URL is set, else PGlite in
// DATA_DIR (default .data/results), migrated, behind the results and rooms APIs. With PostgreSQL, room events reach
// every server process through LISTEN/NOTIFY.
import { sourceKey } from './http/source.ts';
import { networkInterfaces } from 'node:os';
import { reachableOrigins } from './addresses.ts';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Hono } from 'hono';
import * as v from 'valibot';
import { CatalogSchema, type Catalog } from '../src/shared/catalog.ts';
import { resultsApi } from './api/results-api.ts';
import { mirrorTokenCounter } from './api/token-counts.ts';
import { listenForRooms, pgNotifyInTx, type RoomListener } from './rooms/pg-listener.ts';
import { RoomService } from './rooms/room-service.ts';
import { roomsApi } from './rooms/rooms-api.ts';
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
  const mirrorDir = path.join(root, 'models', 'mirror');
  const catalogFile = path.join(mirrorDir, 'catalog.json');
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
  const log = (m: string) => console.error(m);
  const pollMs = Number(env.ROOM_POLL_MS ?? 2000);
  const rooms = new RoomService(db, env.DATABASE_URL ? pgNotifyInTx : undefined, {
    pollMs: Number.isFinite(pollMs) && pollMs >= 0 ? pollMs : 2000,
    onError: (e) => log(`room stream: ${String(e)}`),
  });
  let listener: RoomListener | null = null;
  if (env.DATABASE_URL) listener = await listenForRooms(env.DATABASE_URL, (code) => rooms.hub.notify(code), log);
  const api = resultsApi({
    store,
    catalog: () => catalog,
    trustedProxies,
    rooms,
    tokens: mirrorTokenCounter(mirrorDir),
    // Kept in the database: the same network is the same source after a restart, and on every server of one database.
    sourceKey: await sourceKey(db),
  });
  const joinOrigins = () =>
    reachableOrigins({
      publicUrl: env.PUBLIC_URL,
      host: env.HOST ?? '0.0.0.0',
      port: Number(env.PORT ?? 8080),
      https: env.HTTPS === '1',
      interfaces: networkInterfaces(),
    });
  joinOrigins(); // a bad PUBLIC_URL stops the start, with its reason
  api.route('/rooms', roomsApi({ rooms, catalog: () => catalog, trustedProxies, joinOrigins, ...roomTuning(env) }));
  return {
    api,
    where,
    close: async () => {
      rooms.close();
      await listener?.close();
      await store.close();
    },
  };
}

/** Stream settings from the environment (ROOM_HEARTBEAT_MS, ROOM_QUEUE_LIMIT; tests shorten the heartbeat). */
function roomTuning(env: NodeJS.ProcessEnv): { heartbeatMs?: number; queueLimit?: number } {
  const n = (s: string | undefined) => (s && Number(s) > 0 ? Number(s) : undefined);
  const heartbeatMs = n(env.ROOM_HEARTBEAT_MS);
  const queueLimit = n(env.ROOM_QUEUE_LIMIT);
  return { ...(heartbeatMs ? { heartbeatMs } : {}), ...(queueLimit ? { queueLimit } : {}) };
}
