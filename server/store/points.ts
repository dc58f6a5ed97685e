// A stored result's points (Node, server): its batch sizes with the statistics the server recomputed, read for many
// results in one query.
import type { PointRow } from '../../src/shared/results-api.ts';
import type { SqlClient } from './sql-client.ts';

interface PointRecord {
  result_id: string;
  batch_size: number;
  median_ms: number | string;
  p90_ms: number | string;
  ci_lo_ms: number | string;
  ci_hi_ms: number | string;
  throughput: number | string;
  samples: number;
}

const pointOf = (p: PointRecord): PointRow => ({
  batchSize: p.batch_size,
  medianMs: Number(p.median_ms),
  p90Ms: Number(p.p90_ms),
  ciLoMs: Number(p.ci_lo_ms),
  ciHiMs: Number(p.ci_hi_ms),
  throughput: Number(p.throughput),
  samples: p.samples,
});

/** The points of each result, by id, in batch-size order (an id with none maps to an empty list). */
export async function pointsOf(db: SqlClient, ids: readonly string[]): Promise<Map<string, PointRow[]>> {
  const byId = new Map<string, PointRow[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return byId;
  const rows = await db.query<PointRecord>(
    'select * from result_points where result_id = any($1::text[]) order by result_id, batch_size',
    [ids],
  );
  for (const r of rows) byId.get(r.result_id)?.push(pointOf(r));
  return byId;
}
