// The open data set's rows as the store reads them (Node, server): unflagged results stored up to the moment a
// download was cut, in the order they were stored, a page at a time (keyset paging, so a million results stream in
// constant memory). The source hash comes out here only for server/api/dataset.ts to number; it is never written out.
import type { PointRow } from '../../src/shared/results-api.ts';
import type { SqlClient } from './sql-client.ts';
import { pointsOf } from './points.ts';
import { countOf } from './result-counts.ts';

/** Where a download was cut: results stored at or before `at` are in it. */
export interface DatasetCut {
  /** PostgreSQL's own text of the instant (microseconds kept, so paging by it is exact). */
  at: string;
  /** The same instant as ISO 8601 UTC, for file names and headers. */
  iso: string;
  /** Unflagged results in the download. */
  results: number;
}

/** Where the previous page ended. */
export interface DatasetCursor {
  at: string;
  id: string;
}

/** One stored result with what the data set takes from it. */
export interface DatasetSourceRow {
  id: string;
  cursor: DatasetCursor;
  receivedDate: string;
  /** The keyed hash of its network, or its own id where none was kept: to be numbered, never written. */
  source: string;
  workKey: string;
  deviceClass: string;
  osFamily: string;
  browserFamily: string;
  browserMajor: number | null;
  gpuVendor: string | null;
  gpuArchitecture: string | null;
  coresBucket: string;
  memoryBucket: string;
  threads: number;
  ortBuild: string | null;
  flags: string[];
  points: PointRow[];
}

/** The moment a download is cut, now; `exact`: count the results up to it, else take the pre-aggregated count of
 *  unflagged results (server/store/result-counts.ts), which a submission committing meanwhile may already be in. */
export async function cutDataset(db: SqlClient, exact = true): Promise<DatasetCut> {
  const [row] = await db.query<{ at: string; iso: string }>(
    `select now()::text as at, to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') as iso`,
  );
  if (!row) throw new Error('the database gave no time');
  if (!exact) return { at: row.at, iso: `${row.iso}Z`, results: (await countOf(db, {})) ?? 0 };
  const [{ n } = { n: 0 }] = await db.query<{ n: number | string }>(
    'select count(*) as n from results where not flagged and received_at <= $1::timestamptz',
    [row.at],
  );
  return { at: row.at, iso: `${row.iso}Z`, results: Number(n) };
}

interface Row {
  id: string;
  at: string;
  day: string;
  source: string;
  work_key: string;
  device_class: string;
  os_family: string;
  browser_family: string;
  browser_major: number | null;
  gpu_vendor: string | null;
  gpu_architecture: string | null;
  cores_bucket: string;
  memory_bucket: string;
  threads: number | string | null;
  ort_build: string | null;
  flags: string[];
}

/** Up to `limit` results after `after` (from the start when null), stored at or before the cut. */
export async function datasetPage(
  db: SqlClient,
  cut: DatasetCut,
  after: DatasetCursor | null,
  limit: number,
): Promise<DatasetSourceRow[]> {
  const rows = await db.query<Row>(
    `select id, received_at::text as at, to_char(received_at at time zone 'UTC', 'YYYY-MM-DD') as day,
       coalesce(source, id) as source, work_key, device_class, os_family, browser_family, browser_major, gpu_vendor,
       gpu_architecture, cores_bucket, memory_bucket, (result->'environment'->>'threads') as threads,
       result->'environment'->'ortBuild'->>'name' as ort_build, flags
     from results
     where not flagged and received_at <= $1::timestamptz and (received_at, id) > ($2::timestamptz, $3)
     order by received_at, id limit $4`,
    [cut.at, after?.at ?? '-infinity', after?.id ?? '', limit],
  );
  const points = await pointsOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id,
    cursor: { at: r.at, id: r.id },
    receivedDate: r.day,
    source: r.source,
    workKey: r.work_key,
    deviceClass: r.device_class,
    osFamily: r.os_family,
    browserFamily: r.browser_family,
    browserMajor: r.browser_major,
    gpuVendor: r.gpu_vendor,
    gpuArchitecture: r.gpu_architecture,
    coresBucket: r.cores_bucket,
    memoryBucket: r.memory_bucket,
    threads: Number(r.threads ?? 1),
    ortBuild: r.ort_build,
    flags: r.flags,
    points: points.get(r.id) ?? [],
  }));
}
