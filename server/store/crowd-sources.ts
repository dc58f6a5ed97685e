// The crowd, pre-aggregated (Node, server): one row per comparability key, batch size, device class and source,
// holding that source's results' medians and their median (its one voice); rows with an empty class (`grp = ''`)
// hold a source's voice among all devices of the key. Kept in step on every unflagged submission, with each group's
// figures (crowd-figures.ts). Crowd figures and standings then read a row or an index range instead of every result
// of a key (docs/perf.md, "The results service at scale"). The arithmetic is src/bench/crowd-stats.ts's.
import { median } from '../../src/bench/stats.ts';
import type { PointRow } from '../../src/shared/results-api.ts';
import { lockGroup, rebuildCrowdFigures, updateGroup } from './crowd-figures.ts';
import type { SqlClient } from './sql-client.ts';

/** Migration 6's tables and indices. */
export const CROWD_SOURCES_DDL = `
  create table crowd_sources (
    work_key text not null,
    batch_size integer not null,
    grp text not null,
    source text not null,
    ms double precision[] not null,
    results integer not null,
    median_ms double precision not null,
    fastest_id text not null,
    fastest_ms double precision not null,
    device_class text not null,
    os_family text not null,
    browser_family text not null,
    primary key (work_key, batch_size, grp, source)
  );
  create index crowd_sources_rank on crowd_sources (work_key, batch_size, grp, median_ms) include (results);
  create table crowd_figures (
    work_key text not null,
    batch_size integer not null,
    grp text not null,
    os_family text not null,
    browser_family text not null,
    sources integer not null,
    results integer not null,
    median_ms double precision,
    ci_lo_ms double precision,
    ci_hi_ms double precision,
    primary key (work_key, batch_size, grp)
  )`;

/** The median of a sorted float8[] `a` of length `n` in SQL, by stats.ts median's arithmetic. */
const SQL_MEDIAN = (a: string, n: string) =>
  `(${a}[(${n} + 1) / 2] + (${a}[${n} / 2 + 1] - ${a}[(${n} + 1) / 2]) * (case when ${n} % 2 = 0 then 0.5 else 0 end))`;

/** Builds the table from the stored results (migration 6 on a store that has some; the scale benchmark's fill). */
export async function rebuildCrowdSources(db: SqlClient): Promise<void> {
  await db.query('delete from crowd_sources');
  for (const grp of ['device_class', "''"])
    await db.query(`
      insert into crowd_sources (work_key, batch_size, grp, source, ms, results, median_ms, fastest_id, fastest_ms, device_class,
        os_family, browser_family)
      select work_key, batch_size, grp, source, ms, cardinality(ms), ${SQL_MEDIAN('ms', 'cardinality(ms)')}, fastest[1], ms[1], classes[1],
        os[1], browser[1]
      from (
        select r.work_key, p.batch_size, ${grp} as grp, coalesce(r.source, r.id) as source,
          array_agg(p.median_ms order by p.median_ms, r.id) as ms, array_agg(r.id order by p.median_ms, r.id) as fastest,
          array_agg(r.device_class order by p.median_ms, r.id) as classes, array_agg(r.os_family order by p.median_ms, r.id) as os,
          array_agg(r.browser_family order by p.median_ms, r.id) as browser
        from results r join result_points p on p.result_id = r.id
        where not r.flagged and r.work_key is not null
        group by 1, 2, 3, 4
      ) g`);
  await rebuildCrowdFigures(db);
}

/** A new unflagged result's voice, added in its submission's transaction. For each batch size, its class's group
 *  and its all-devices group are locked first (always in that order, so two submissions cannot deadlock), then the
 *  source's row takes its median and the group's figures are recomputed: a concurrent submission to the same group
 *  waits, and then sees this one. */
export async function addToCrowd(
  tx: SqlClient,
  r: { id: string; workKey: string; source: string | null; deviceClass: string; osFamily: string; browserFamily: string },
  points: readonly PointRow[],
): Promise<void> {
  for (const p of [...points].sort((a, b) => a.batchSize - b.batchSize))
    for (const grp of [r.deviceClass, '']) {
      const group = { workKey: r.workKey, batchSize: p.batchSize, grp };
      const before = await lockGroup(tx, group, r.osFamily, r.browserFamily);
      const key = [r.workKey, p.batchSize, grp, r.source ?? r.id];
      const [row] = await tx.query<{ ms: (number | string)[]; inserted: boolean }>(
        `insert into crowd_sources as t (work_key, batch_size, grp, source, ms, results, median_ms, fastest_id, fastest_ms,
           device_class, os_family, browser_family)
         values ($1, $2, $3, $4, array[$5::float8], 1, $5, $6, $5, $7, $8, $9)
         on conflict (work_key, batch_size, grp, source) do update set
           ms = t.ms || excluded.ms,
           results = t.results + 1,
           fastest_id = case when (excluded.fastest_ms, excluded.fastest_id) < (t.fastest_ms, t.fastest_id)
             then excluded.fastest_id else t.fastest_id end,
           device_class = case when (excluded.fastest_ms, excluded.fastest_id) < (t.fastest_ms, t.fastest_id)
             then excluded.device_class else t.device_class end,
           fastest_ms = least(t.fastest_ms, excluded.fastest_ms)
         returning ms, (xmax = 0) as inserted`,
        [...key, p.medianMs, r.id, r.deviceClass, r.osFamily, r.browserFamily],
      );
      const ms = (row?.ms ?? []).map(Number);
      if (ms.length > 1)
        await tx.query(
          'update crowd_sources set median_ms = $5 where work_key = $1 and batch_size = $2 and grp = $3 and source = $4',
          [...key, median(ms)],
        );
      await updateGroup(tx, group, before.sources + (row?.inserted ? 1 : 0), before.results + 1);
    }
}
