// Schema migrations (Node, server): plain SQL that PGlite and PostgreSQL both run, applied in order, each once.
import type { SqlClient } from './sql-client.ts';
import { backfillWorkKeys } from './work-key-backfill.ts';
import { CROWD_SOURCES_DDL, rebuildCrowdSources } from './crowd-sources.ts';
import { RESULT_COUNTS_DDL, rebuildResultCounts } from './result-counts.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  /** Runs after the SQL, in the same transaction: data the SQL alone cannot derive. */
  then?: (tx: SqlClient) => Promise<void>;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'results, their points and idempotency keys',
    sql: `
      create table results (
        id text primary key,
        client_result_id text not null,
        received_at timestamptz not null default now(),
        model_id text not null,
        variant text not null,
        runtime text not null,
        backend text not null,
        device_class text not null,
        os_family text not null,
        browser_family text not null,
        browser_major integer,
        gpu_vendor text,
        gpu_architecture text,
        cores_bucket text not null,
        memory_bucket text not null,
        flags text[] not null default '{}',
        flagged boolean not null,
        room text,
        result jsonb not null
      );
      create index results_model on results (model_id, variant, backend);
      create index results_device_class on results (device_class);
      create table result_points (
        result_id text not null references results (id) on delete cascade,
        batch_size integer not null,
        median_ms double precision not null,
        p90_ms double precision not null,
        ci_lo_ms double precision not null,
        ci_hi_ms double precision not null,
        throughput double precision not null,
        samples integer not null,
        primary key (result_id, batch_size)
      );
      create table idempotency_keys (
        key text primary key,
        body_sha256 text not null,
        result_id text not null references results (id),
        created_at timestamptz not null default now()
      );`,
  },
  {
    version: 2,
    name: 'live-demo rooms, their event log and devices',
    sql: `
      create table rooms (
        code text primary key,
        secret_sha256 text not null,
        title text not null,
        plan jsonb not null,
        created_at timestamptz not null default now(),
        closed_at timestamptz,
        last_event_id integer not null default 0
      );
      create table room_events (
        room text not null references rooms (code) on delete cascade,
        id integer not null,
        at timestamptz not null default now(),
        event jsonb not null,
        primary key (room, id)
      );
      create table room_devices (
        room text not null references rooms (code) on delete cascade,
        device_id text not null,
        state text not null,
        primary key (room, device_id)
      );
      create index results_room on results (room) where room is not null`,
  },
  {
    version: 3,
    name: 'results stored before the server verified them are marked unverified and kept out of aggregates',
    sql: `
      update results set flags = array_append(flags, 'unverified'), flagged = true
        where (result->>'schemaVersion')::int < 2 and not ('unverified' = any(flags))`,
  },
  {
    version: 4,
    name: 'each result has the key of the work it measured; crowd figures pool one key only',
    sql: `
      alter table results add column work_key text;
      create index results_work_key on results (work_key, device_class)`,
  },
  {
    version: 5,
    name: 'each result has the keyed hash of its network (one source, one voice in aggregates); the key is kept here',
    sql: `
      alter table results add column source text;
      create table server_secrets (name text primary key, value text not null)`,
  },
  {
    version: 6,
    name: 'pre-aggregated crowd voices and result counts, kept in step on insert; indices for the newest results of a filter and for energy results',
    sql: `${CROWD_SOURCES_DDL};
      ${RESULT_COUNTS_DDL};
      create index results_recent on results (received_at, id) where not flagged;
      create index results_model_recent on results (model_id, received_at, id) where not flagged;
      create index results_key_recent on results (work_key, received_at, id) where not flagged;
      create index results_energy on results (model_id) where (result->'energy'->'drain'->'a'->>'percentPerHour') is not null`,
    // Built from the results there are (their keys first, for a store that skipped migration 4's backfill).
    then: async (tx) => {
      await backfillWorkKeys(tx);
      await rebuildCrowdSources(tx);
      await rebuildResultCounts(tx);
    },
  },
];

/** Applies every migration not yet recorded, each in its own transaction; returns the versions applied now. */
export async function migrate(client: SqlClient, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  await client.query(
    'create table if not exists schema_migrations (version integer primary key, name text not null, applied_at timestamptz not null default now())',
  );
  const applied: number[] = [];
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    await client.transaction(async (tx) => {
      // Lock so two servers starting at once against one PostgreSQL do not both apply the same migration.
      if (client.kind === 'postgres') await tx.query('lock table schema_migrations in exclusive mode');
      const done = await tx.query('select 1 from schema_migrations where version = $1', [m.version]);
      if (done.length > 0) return;
      for (const statement of m.sql
        .split(';')
        .map((s) => s.trim())
        .filter(Boolean))
        await tx.query(statement);
      await m.then?.(tx);
      await tx.query('insert into schema_migrations (version, name) values ($1, $2)', [m.version, m.name]);
      applied.push(m.version);
    });
  }
  // The key is computed in TypeScript (src/shared/comparability.ts), one definition for the app and the server: rows
  // stored before migration 4 get theirs here, once the column exists.
  if ((await client.query('select 1 from schema_migrations where version = 4')).length > 0) await backfillWorkKeys(client);
  return applied;
}
