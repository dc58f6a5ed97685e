// Result counts, pre-aggregated (Node, server): how many results there are per model, variant, backend, device
// class, key, OS and browser family and flagged or not, kept in step on insert. The explorer's totals and its list
// of keys are sums over this small table instead of counts over every result (docs/perf.md, "The results service at
// scale"). A filter on batch size asks which results measured it, which only the results can say.
import type { KeyCount, ResultFilter } from '../../src/shared/results-api.ts';
import { parseKeyId } from '../../src/shared/comparability.ts';
import { whereOf } from './filter-sql.ts';
import type { SqlClient } from './sql-client.ts';

const COLUMNS = 'model_id, variant, backend, device_class, work_key, os_family, browser_family, flagged';

export const RESULT_COUNTS_DDL = `
  create table result_counts (
    model_id text not null,
    variant text not null,
    backend text not null,
    device_class text not null,
    work_key text not null,
    os_family text not null,
    browser_family text not null,
    flagged boolean not null,
    n bigint not null,
    primary key (${COLUMNS})
  )`;

/** Builds the table from the stored results. */
export async function rebuildResultCounts(db: SqlClient): Promise<void> {
  await db.query('delete from result_counts');
  await db.query(
    `insert into result_counts (${COLUMNS}, n) select ${COLUMNS}, count(*) from results where work_key is not null group by ${COLUMNS}`,
  );
}

/** One more result, in its submission's transaction. */
export async function addToCounts(
  tx: SqlClient,
  r: {
    modelId: string;
    variant: string;
    backend: string;
    deviceClass: string;
    workKey: string;
    osFamily: string;
    browserFamily: string;
    flagged: boolean;
  },
): Promise<void> {
  await tx.query(
    `insert into result_counts as t (${COLUMNS}, n) values ($1, $2, $3, $4, $5, $6, $7, $8, 1)
     on conflict (${COLUMNS}) do update set n = t.n + 1`,
    [r.modelId, r.variant, r.backend, r.deviceClass, r.workKey, r.osFamily, r.browserFamily, r.flagged],
  );
}

/** The number of results a filter matches; null when the table cannot say (a batch-size filter). */
export async function countOf(db: SqlClient, f: ResultFilter): Promise<number | null> {
  if (f.batchSize !== undefined) return null;
  const where = whereOf(f);
  const [row] = await db.query<{ n: number | string | null }>(`select sum(n) as n from result_counts ${where.sql}`, where.params);
  return Number(row?.n ?? 0);
}

/** The keys of a filter's results with their counts, the most common first; null when the table cannot say. */
export async function keysOf(db: SqlClient, f: ResultFilter): Promise<KeyCount[] | null> {
  if (f.batchSize !== undefined) return null;
  const where = whereOf(f);
  const rows = await db.query<{ work_key: string; n: number | string }>(
    `select work_key, sum(n) as n from result_counts ${where.sql} group by work_key order by sum(n) desc, work_key`,
    where.params,
  );
  return rows.map((r) => ({ key: r.work_key, work: parseKeyId(r.work_key), results: Number(r.n) }));
}
