// The results store (Node, server): one interface, one SQL implementation over either SqlClient (PGlite or
// PostgreSQL). Submissions are idempotent by key; a row counts as stored only once its transaction committed.
import { engineOf } from '../../src/shared/device-buckets.ts';
import { whereOf } from './filter-sql.ts';
import { addToCrowd } from './crowd-sources.ts';
import { crowdAggregates } from './crowd-figures.ts';
import { crowdStanding } from './crowd-standing.ts';
import { addToCounts, countOf, keysOf } from './result-counts.ts';
import type { RunResult } from '../../src/shared/run-result.ts';
import { excludesFromAggregates } from '../../src/shared/validity.ts';
import type { SqlClient } from './sql-client.ts';
import { pointsOf } from './points.ts';
import { cutDataset, datasetPage, type DatasetCursor, type DatasetCut, type DatasetSourceRow } from './dataset-rows.ts';

import { parseKeyId } from '../../src/shared/comparability.ts';
import { crowdFigure } from '../../src/bench/crowd-stats.ts';
import type { BatchStanding } from '../../src/bench/crowd-rank.ts';
import type {
  AggregateRow,
  KeyCount,
  EnergyAggregateRow,
  DeviceBuckets,
  PointRow,
  ResultFilter,
  ResultSummary,
  StoredResult,
} from '../../src/shared/results-api.ts';

export type { AggregateRow, KeyCount, DeviceBuckets, PointRow, ResultFilter, ResultSummary, StoredResult };

export interface NewResult {
  id: string;
  clientResultId: string;
  modelId: string;
  variant: string;
  runtime: string;
  backend: string;
  /** The comparability key of the work measured (src/shared/comparability.ts keyId). */
  workKey: string;
  /** Keyed hash of the submitter's network (server/http/source.ts); null where unknown. Never read back out. */
  source: string | null;
  device: DeviceBuckets;
  /** Validity flags computed on the server. */
  flags: string[];
  room: string | null;
  /** The stored RunResult, private fields already removed. */
  result: RunResult;
  points: PointRow[];
}

export type SubmitOutcome =
  | { kind: 'created'; id: string }
  /** The same key and body came before: the original id. */
  | { kind: 'replayed'; id: string }
  /** The same key came before with a different body. */
  | { kind: 'key-conflict' };

export interface ResultStore {
  /** Per comparability key, device class and batch size: results of one key only are ever pooled. */
  aggregates(filter: ResultFilter): Promise<AggregateRow[]>;
  /** The comparability keys of the results a filter matches, the most common first. */
  keys(filter: ResultFilter): Promise<KeyCount[]>;
  /** Endurance results with a measured drain, per device class (measured figures only). */
  energyAggregates(filter: ResultFilter): Promise<EnergyAggregateRow[]>;
  /** `alsoInTx` runs in the same transaction when the row is new (a room's result event), so both or neither commit. */
  submit(key: string, bodySha256: string, row: NewResult, alsoInTx?: (tx: SqlClient) => Promise<void>): Promise<SubmitOutcome>;
  get(id: string): Promise<StoredResult | null>;
  /** Where a stored result stands among the unflagged results of its key, at each of its batch sizes. */
  standing(id: string): Promise<BatchStanding[]>;
  list(filter: ResultFilter, page: { limit: number; offset: number }): Promise<{ items: ResultSummary[]; total: number }>;
  count(): Promise<number>;
  /** The open data set: where a download is cut now, and its results a page at a time (server/store/dataset-rows.ts). */
  datasetCut(exact?: boolean): Promise<DatasetCut>;
  datasetPage(cut: DatasetCut, after: DatasetCursor | null, limit: number): Promise<DatasetSourceRow[]>;
  close(): Promise<void>;
}

interface ResultRecord {
  id: string;
  received_at: string | Date;
  model_id: string;
  variant: string;
  runtime: string;
  backend: string;
  work_key: string;
  device_class: string;
  os_family: string;
  browser_family: string;
  browser_major: number | null;
  gpu_vendor: string | null;
  gpu_architecture: string | null;
  cores_bucket: string;
  memory_bucket: string;
  flags: string[];
  result?: unknown;
}

const UNIQUE_VIOLATION = '23505';

function summaryOf(r: ResultRecord, points: PointRow[]): ResultSummary {
  return {
    id: r.id,
    receivedAt: new Date(r.received_at).toISOString(),
    modelId: r.model_id,
    variant: r.variant,
    runtime: r.runtime,
    backend: r.backend,
    key: r.work_key,
    device: {
      deviceClass: r.device_class,
      osFamily: r.os_family,
      browserFamily: r.browser_family,
      browserMajor: r.browser_major,
      engine: engineOf(r.os_family, r.browser_family),
      gpuVendor: r.gpu_vendor,
      gpuArchitecture: r.gpu_architecture,
      coresBucket: r.cores_bucket,
      memoryBucket: r.memory_bucket,
    },
    flags: r.flags,
    points,
  };
}

export class SqlResultStore implements ResultStore {
  constructor(private readonly db: SqlClient) {}

  async submit(
    key: string,
    bodySha256: string,
    row: NewResult,
    alsoInTx?: (tx: SqlClient) => Promise<void>,
  ): Promise<SubmitOutcome> {
    const earlier = await this.keyOutcome(key, bodySha256);
    if (earlier) return earlier;
    try {
      await this.db.transaction(async (tx) => {
        const d = row.device;
        await tx.query(
          `insert into results (id, client_result_id, model_id, variant, runtime, backend, device_class, os_family,
             browser_family, browser_major, gpu_vendor, gpu_architecture, cores_bucket, memory_bucket, flags, flagged, room, result,
             work_key, source)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)`,
          [
            row.id,
            row.clientResultId,
            row.modelId,
            row.variant,
            row.runtime,
            row.backend,
            d.deviceClass,
            d.osFamily,
            d.browserFamily,
            d.browserMajor,
            d.gpuVendor,
            d.gpuArchitecture,
            d.coresBucket,
            d.memoryBucket,
            row.flags,
            excludesFromAggregates(row.flags),
            row.room,
            JSON.stringify(row.result),
            row.workKey,
            row.source,
          ],
        );
        for (const p of row.points) {
          await tx.query(
            `insert into result_points (result_id, batch_size, median_ms, p90_ms, ci_lo_ms, ci_hi_ms, throughput, samples)
             values ($1, $2, $3, $4, $5, $6, $7, $8)`,
            [row.id, p.batchSize, p.medianMs, p.p90Ms, p.ciLoMs, p.ciHiMs, p.throughput, p.samples],
          );
        }
        await tx.query('insert into idempotency_keys (key, body_sha256, result_id) values ($1, $2, $3)', [
          key,
          bodySha256,
          row.id,
        ]);
        await addToCounts(tx, {
          modelId: row.modelId,
          variant: row.variant,
          backend: row.backend,
          deviceClass: d.deviceClass,
          workKey: row.workKey,
          osFamily: d.osFamily,
          browserFamily: d.browserFamily,
          flagged: excludesFromAggregates(row.flags),
        });
        if (!excludesFromAggregates(row.flags))
          await addToCrowd(
            tx,
            {
              id: row.id,
              workKey: row.workKey,
              source: row.source,
              deviceClass: d.deviceClass,
              osFamily: d.osFamily,
              browserFamily: d.browserFamily,
            },
            row.points,
          );
        await alsoInTx?.(tx);
      });
      return { kind: 'created', id: row.id };
    } catch (err) {
      // Another submission with the same key committed first: answer as it was answered.
      if ((err as { code?: string }).code === UNIQUE_VIOLATION) {
        const raced = await this.keyOutcome(key, bodySha256);
        if (raced) return raced;
      }
      throw err;
    }
  }

  private async keyOutcome(key: string, bodySha256: string): Promise<SubmitOutcome | null> {
    const [seen] = await this.db.query<{ body_sha256: string; result_id: string }>(
      'select body_sha256, result_id from idempotency_keys where key = $1',
      [key],
    );
    if (!seen) return null;
    return seen.body_sha256 === bodySha256 ? { kind: 'replayed', id: seen.result_id } : { kind: 'key-conflict' };
  }

  async get(id: string): Promise<StoredResult | null> {
    const [r] = await this.db.query<ResultRecord>('select * from results where id = $1', [id]);
    if (!r) return null;
    const points = (await pointsOf(this.db, [id])).get(id) ?? [];
    // Rows are written only by submit(), after parseRunResult: what comes back is a RunResult.
    const result = (typeof r.result === 'string' ? JSON.parse(r.result) : r.result) as RunResult;
    return { ...summaryOf(r, points), result };
  }

  async standing(id: string): Promise<BatchStanding[]> {
    const [own] = await this.db.query<{ work_key: string; device_class: string; source: string | null }>(
      'select work_key, device_class, source from results where id = $1',
      [id],
    );
    if (!own) return [];
    // Among the other sources' voices (server/store/crowd-sources.ts): its own source, this result included, is left out.
    const points = (await pointsOf(this.db, [id])).get(id) ?? [];
    return crowdStanding(this.db, { workKey: own.work_key, deviceClass: own.device_class, source: own.source ?? id }, points);
  }

  async list(filter: ResultFilter, page: { limit: number; offset: number }): Promise<{ items: ResultSummary[]; total: number }> {
    const where = whereOf(filter);
    const n = where.params.length;
    const rows = await this.db.query<ResultRecord>(
      `select id, received_at, model_id, variant, runtime, backend, work_key, device_class, os_family, browser_family, browser_major,
         gpu_vendor, gpu_architecture, cores_bucket, memory_bucket, flags
       from results ${where.sql} order by received_at desc, id desc limit $${n + 1} offset $${n + 2}`,
      [...where.params, page.limit, page.offset],
    );
    // The pre-aggregated counts answer every filter but a batch size's (server/store/result-counts.ts).
    const counted = await countOf(this.db, filter);
    const [{ total } = { total: 0 }] =
      counted === null
        ? await this.db.query<{ total: number | string }>(`select count(*) as total from results ${where.sql}`, where.params)
        : [{ total: counted }];
    const points = await pointsOf(
      this.db,
      rows.map((r) => r.id),
    );
    return { items: rows.map((r) => summaryOf(r, points.get(r.id) ?? [])), total: Number(total) };
  }

  async aggregates(filter: ResultFilter): Promise<AggregateRow[]> {
    // One key's figures come from the pre-aggregated table; other filters (every key of a model, flagged results
    // included, results with a given batch size) are computed from the results themselves, by the same functions.
    const fast = await crowdAggregates(this.db, filter);
    if (fast) return fast;
    const where = whereOf(filter);
    // The medians and their sources go to TypeScript, which gives each source one voice and takes the crowd median
    // and its interval (src/bench/crowd-stats.ts): one definition for the server, the app and the recompute script.
    // A result with no source (stored before sources were kept) is a source of its own.
    const rows = await this.db.query<{
      work_key: string;
      device_class: string;
      batch_size: number;
      ms: (number | string)[];
      sources: string[];
    }>(
      `select work_key, device_class, p.batch_size, array_agg(p.median_ms order by results.id) as ms,
         array_agg(coalesce(results.source, results.id) order by results.id) as sources
       from results join result_points p on p.result_id = results.id ${where.sql}
       group by work_key, device_class, p.batch_size order by work_key, device_class, p.batch_size`,
      where.params,
    );
    return rows.map((r) => {
      const crowd = crowdFigure(r.ms.map((ms, i) => ({ ms: Number(ms), source: r.sources[i] as string })));
      return {
        key: r.work_key,
        work: parseKeyId(r.work_key),
        deviceClass: r.device_class,
        batchSize: r.batch_size,
        medianOfMediansMs: crowd.median,
        ci95: crowd.ci95,
        count: crowd.results,
        sources: crowd.sources,
      };
    });
  }

  async keys(filter: ResultFilter): Promise<KeyCount[]> {
    const counted = await keysOf(this.db, filter);
    if (counted) return counted;
    const where = whereOf(filter);
    const rows = await this.db.query<{ work_key: string; n: number | string }>(
      `select work_key, count(*) as n from results ${where.sql} group by work_key order by count(*) desc, work_key`,
      where.params,
    );
    return rows.map((r) => ({ key: r.work_key, work: parseKeyId(r.work_key), results: Number(r.n) }));
  }

  async energyAggregates(filter: ResultFilter): Promise<EnergyAggregateRow[]> {
    const where = whereOf(filter);
    const drain = "(result->'energy'->'drain'->'a'->>'percentPerHour')";
    const measured = `${drain} is not null`;
    const rows = await this.db.query<{
      device_class: string;
      source: string;
      drain: number | string;
      stability: number | string | null;
      throttled: boolean;
    }>(
      `select device_class, coalesce(source, id) as source, ${drain}::float8 as drain,
         (result->'energy'->'summary'->>'stability')::float8 as stability,
         coalesce(result->'energy'->'summary'->>'throttled' = 'true', false) as throttled
       from results ${where.sql ? `${where.sql} and ${measured}` : `where ${measured}`}
       order by device_class, id`,
      where.params,
    );
    // One source, one voice (src/bench/crowd-stats.ts): each source's median drain and stability, then the median of
    // those per class.
    const byClass = new Map<string, typeof rows>();
    for (const r of rows) byClass.set(r.device_class, [...(byClass.get(r.device_class) ?? []), r]);
    return [...byClass.entries()].map(([deviceClass, rs]) => {
      const drainFigure = crowdFigure(rs.map((r) => ({ ms: Number(r.drain), source: r.source })));
      const stable = rs.filter((r) => r.stability !== null);
      return {
        deviceClass,
        count: rs.length,
        sources: drainFigure.sources,
        medianDrainPercentPerHour: drainFigure.median,
        medianStability: stable.length
          ? crowdFigure(stable.map((r) => ({ ms: Number(r.stability), source: r.source }))).median
          : null,
        throttled: rs.filter((r) => r.throttled).length,
      };
    });
  }

  async count(): Promise<number> {
    const [{ n } = { n: 0 }] = await this.db.query<{ n: number | string }>('select count(*) as n from results');
    return Number(n);
  }

  datasetCut(exact = true): Promise<DatasetCut> {
    return cutDataset(this.db, exact);
  }

  datasetPage(cut: DatasetCut, after: DatasetCursor | null, limit: number): Promise<DatasetSourceRow[]> {
    return datasetPage(this.db, cut, after, limit);
  }

  close(): Promise<void> {
    return this.db.close();
  }
}
