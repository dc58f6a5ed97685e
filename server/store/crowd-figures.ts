// Each crowd group's figures, kept ready (Node, server): per comparability key, batch size and device class, its
// sources, results, median and 95% interval, recomputed from the group's sorted voices (crowd-sources.ts) whenever a
// submission joins it; all-devices groups (`grp = ''`) keep their counts only. GET /api/aggregates of one key reads
// these rows. The ranks come from an index window; the arithmetic is src/bench/crowd-stats.ts's.
import { crowdMedianAt, crowdRanks } from '../../src/bench/crowd-stats.ts';
import { parseKeyId } from '../../src/shared/comparability.ts';
import type { AggregateRow, ResultFilter } from '../../src/shared/results-api.ts';
import { engineCondition } from './filter-sql.ts';
import type { SqlClient } from './sql-client.ts';

export interface CrowdGroup {
  workKey: string;
  batchSize: number;
  /** A device class, or '' for all devices of the key. */
  grp: string;
}

/** The group's median and interval from its `n` sorted voices: one index scan skipping to the first rank it reads. */
async function figureOf(db: SqlClient, g: CrowdGroup, n: number) {
  const r = crowdRanks(n);
  const [from, to] = r.ci95 ?? r.median;
  const [row] = await db.query<{ ms: (number | string)[] }>(
    `select array(select median_ms from crowd_sources where work_key = $1 and batch_size = $2 and grp = $3
       order by median_ms offset $4 limit $5) as ms`,
    [g.workKey, g.batchSize, g.grp, from - 1, to - from + 1],
  );
  const window = (row?.ms ?? []).map(Number);
  return crowdMedianAt(n, (rank) => window[rank - from] ?? NaN);
}

/** Locks the group's row (made when new) for the rest of the transaction; its counts before this submission. */
export async function lockGroup(
  tx: SqlClient,
  g: CrowdGroup,
  osFamily: string,
  browserFamily: string,
): Promise<{ sources: number; results: number }> {
  const [row] = await tx.query<{ sources: number; results: number }>(
    `insert into crowd_figures as f (work_key, batch_size, grp, os_family, browser_family, sources, results)
     values ($1, $2, $3, $4, $5, 0, 0)
     on conflict (work_key, batch_size, grp) do update set results = f.results
     returning sources, results`,
    [g.workKey, g.batchSize, g.grp, g.grp === '' ? '' : osFamily, g.grp === '' ? '' : browserFamily],
  );
  return { sources: Number(row?.sources ?? 0), results: Number(row?.results ?? 0) };
}

/** Writes the group's new counts and, for a device class, its figures. */
export async function updateGroup(tx: SqlClient, g: CrowdGroup, sources: number, results: number): Promise<void> {
  const c = g.grp === '' ? null : await figureOf(tx, g, sources);
  await tx.query(
    `update crowd_figures set sources = $4, results = $5, median_ms = $6, ci_lo_ms = $7, ci_hi_ms = $8
     where work_key = $1 and batch_size = $2 and grp = $3`,
    [g.workKey, g.batchSize, g.grp, sources, results, c?.median ?? null, c?.ci95?.lo ?? null, c?.ci95?.hi ?? null],
  );
}

/** Builds every group's row from crowd_sources (after crowd-sources.ts rebuilt that). */
export async function rebuildCrowdFigures(db: SqlClient): Promise<void> {
  await db.query('delete from crowd_figures');
  await db.query(
    `insert into crowd_figures (work_key, batch_size, grp, os_family, browser_family, sources, results)
     select work_key, batch_size, grp, case when grp = '' then '' else min(os_family) end,
       case when grp = '' then '' else min(browser_family) end, count(*), sum(results)
     from crowd_sources group by work_key, batch_size, grp`,
  );
  const groups = await db.query<{ work_key: string; batch_size: number; grp: string; sources: number }>(
    "select work_key, batch_size, grp, sources from crowd_figures where grp <> ''",
  );
  for (const g of groups) {
    const group = { workKey: g.work_key, batchSize: g.batch_size, grp: g.grp };
    const c = await figureOf(db, group, Number(g.sources));
    await db.query(
      `update crowd_figures set median_ms = $4, ci_lo_ms = $5, ci_hi_ms = $6
       where work_key = $1 and batch_size = $2 and grp = $3`,
      [g.work_key, g.batch_size, g.grp, c.median, c.ci95?.lo ?? null, c.ci95?.hi ?? null],
    );
  }
}

/** How many sources a group has (0 when it has none). */
export async function groupSources(db: SqlClient, g: CrowdGroup): Promise<number> {
  const [row] = await db.query<{ sources: number }>(
    'select sources from crowd_figures where work_key = $1 and batch_size = $2 and grp = $3',
    [g.workKey, g.batchSize, g.grp],
  );
  return Number(row?.sources ?? 0);
}

/** Crowd figures of one key from the kept rows; null for a filter they cannot serve (no key, flagged results asked
 *  for, a batch-size filter, or a model, variant or backend other than the key's). */
export async function crowdAggregates(db: SqlClient, f: ResultFilter): Promise<AggregateRow[] | null> {
  // A batch filter selects results that measured that batch size, all their points included: the rows cannot say.
  if (f.key === undefined || f.includeFlagged || f.batchSize !== undefined) return null;
  const work = parseKeyId(f.key);
  // Model, variant and backend are in the key (a result's columns are its key's): a filter that names another is left
  // to the results themselves.
  if (
    !work ||
    (f.model ?? work.model) !== work.model ||
    (f.variant ?? work.variant) !== work.variant ||
    (f.backend ?? work.backend) !== work.backend
  )
    return null;
  const params: unknown[] = [f.key];
  const parts = ['work_key = $1', "grp <> ''", 'sources > 0'];
  if (f.deviceClass !== undefined) parts.push(`grp = $${params.push(f.deviceClass)}`);
  if (f.engine !== undefined) parts.push(engineCondition(f.engine));
  const rows = await db.query<{
    grp: string;
    batch_size: number;
    sources: number;
    results: number;
    median_ms: number | string;
    ci_lo_ms: number | string | null;
    ci_hi_ms: number | string | null;
  }>(
    `select grp, batch_size, sources, results, median_ms, ci_lo_ms, ci_hi_ms from crowd_figures
     where ${parts.join(' and ')} order by grp, batch_size`,
    params,
  );
  return rows.map((r) => ({
    key: f.key as string,
    work,
    deviceClass: r.grp,
    batchSize: r.batch_size,
    medianOfMediansMs: Number(r.median_ms),
    ci95: r.ci_lo_ms === null || r.ci_hi_ms === null ? null : { lo: Number(r.ci_lo_ms), hi: Number(r.ci_hi_ms) },
    count: Number(r.results),
    sources: Number(r.sources),
  }));
}
