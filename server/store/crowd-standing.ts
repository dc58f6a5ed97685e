// Where a stored result stands among the other sources' voices of its key (Node, server): in its class and among
// all devices, at each of its batch sizes, from counts over the kept voices (crowd-sources.ts) and
// src/bench/crowd-rank.ts. Each count reads the smaller side of the index range (at most half a group), and the
// group's size comes from its kept row (crowd-figures.ts).
import { rankFromCounts, type BatchStanding, type Peer, type Rank } from '../../src/bench/crowd-rank.ts';
import type { PointRow } from '../../src/shared/results-api.ts';
import { groupSources, type CrowdGroup } from './crowd-figures.ts';
import type { SqlClient } from './sql-client.ts';

const GROUP = 'work_key = $1 and batch_size = $2 and grp = $3';

/** Sources of the group strictly on one side of `ms` (and none beyond `limit`, when given). */
async function countSide(db: SqlClient, g: CrowdGroup, cmp: '<' | '>' | '=', ms: number, limit?: number): Promise<number> {
  const [row] = await db.query<{ n: number | string }>(
    `select count(*) as n from (select 1 from crowd_sources where ${GROUP} and median_ms ${cmp} $4${limit === undefined ? '' : ' limit $5'}) s`,
    [g.workKey, g.batchSize, g.grp, ms, ...(limit === undefined ? [] : [limit])],
  );
  return Number(row?.n ?? 0);
}

/** The nearest other source faster (`<`) or slower (`>`) than `ms`: its fastest result. */
async function nearest(db: SqlClient, g: CrowdGroup, ownSource: string, cmp: '<' | '>', ms: number): Promise<Peer | null> {
  const [x] = await db.query<{ fastest_id: string; device_class: string; median_ms: number | string }>(
    `select fastest_id, device_class, median_ms from crowd_sources where ${GROUP} and source <> $4 and median_ms ${cmp} $5
     order by median_ms ${cmp === '<' ? 'desc' : 'asc'}, fastest_id limit 1`,
    [g.workKey, g.batchSize, g.grp, ownSource, ms],
  );
  return x ? { id: x.fastest_id, deviceClass: x.device_class, medianMs: Number(x.median_ms) } : null;
}

async function rankIn(db: SqlClient, g: CrowdGroup, ownSource: string, ms: number): Promise<Rank> {
  const sources = await groupSources(db, g);
  const [own] = await db.query<{ median_ms: number | string }>(
    `select median_ms from crowd_sources where ${GROUP} and source = $4`,
    [g.workKey, g.batchSize, g.grp, ownSource],
  );
  const ownMs = own ? Number(own.median_ms) : null;
  // Slower: counted directly when fewer than half are; else all less the faster and the tied.
  const half = Math.ceil(sources / 2) + 1;
  const ties = await countSide(db, g, '=', ms);
  const above = await countSide(db, g, '>', ms, half);
  const slower = above < half ? above : sources - ties - (await countSide(db, g, '<', ms));
  // The result's own source is not among the others.
  return rankFromCounts({
    n: sources - (ownMs === null ? 0 : 1),
    slower: slower - (ownMs !== null && ownMs > ms ? 1 : 0),
    ties: ties - (ownMs !== null && ownMs === ms ? 1 : 0),
    above: await nearest(db, g, ownSource, '<', ms),
    below: await nearest(db, g, ownSource, '>', ms),
  });
}

/** A stored result's standing at each of its batch sizes. */
export async function crowdStanding(
  db: SqlClient,
  own: { workKey: string; deviceClass: string; source: string },
  points: readonly PointRow[],
): Promise<BatchStanding[]> {
  const out: BatchStanding[] = [];
  for (const p of points) {
    const group = (grp: string): CrowdGroup => ({ workKey: own.workKey, batchSize: p.batchSize, grp });
    out.push({
      batchSize: p.batchSize,
      medianMs: p.medianMs,
      inClass: await rankIn(db, group(own.deviceClass), own.source, p.medianMs),
      all: await rankIn(db, group(''), own.source, p.medianMs),
    });
  }
  return out;
}
