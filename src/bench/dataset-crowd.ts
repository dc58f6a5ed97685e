// The explorer's crowd figures recomputed from the open data set (pure; runs everywhere: the repository's recompute
// script, the e2e that checks a download, unit tests). Grouped as the server groups them (key, device class, batch
// size), one voice per source, with the same crowd-stats functions; and compared with what the API answered.
import type { DatasetRecord } from '../shared/dataset.ts';
import type { AggregateRow } from '../shared/results-api.ts';
import { crowdFigure, type SourcedValue } from './crowd-stats.ts';

/** One crowd figure as the data set gives it. */
export interface RecomputedFigure {
  key: string;
  deviceClass: string;
  batchSize: number;
  medianMs: number;
  ci95: { lo: number; hi: number } | null;
  results: number;
  sources: number;
}

/** Every crowd figure of the records, ordered by key, device class and batch size. */
export function recomputeCrowd(records: readonly DatasetRecord[]): RecomputedFigure[] {
  const groups = new Map<string, { key: string; deviceClass: string; batchSize: number; values: SourcedValue[] }>();
  for (const r of records) {
    const key = String(r.work_key);
    const deviceClass = String(r.device_class);
    const batchSize = Number(r.batch_size);
    const id = JSON.stringify([key, deviceClass, batchSize]);
    const g = groups.get(id) ?? { key, deviceClass, batchSize, values: [] };
    g.values.push({ ms: Number(r.median_ms), source: String(r.source) });
    groups.set(id, g);
  }
  return [...groups.values()]
    .sort((a, b) =>
      a.key !== b.key
        ? a.key < b.key
          ? -1
          : 1
        : a.deviceClass !== b.deviceClass
          ? a.deviceClass < b.deviceClass
            ? -1
            : 1
          : a.batchSize - b.batchSize,
    )
    .map((g) => {
      const f = crowdFigure(g.values);
      return {
        key: g.key,
        deviceClass: g.deviceClass,
        batchSize: g.batchSize,
        medianMs: f.median,
        ci95: f.ci95,
        results: f.results,
        sources: f.sources,
      };
    });
}

/** Where a recomputation and the API's aggregates disagree, in words; empty when every figure matches. Numbers match
 *  when they agree to `relTol` (the data set writes them as the database holds them; JSON's shortest form round-trips). */
export function crowdMismatches(recomputed: readonly RecomputedFigure[], api: readonly AggregateRow[], relTol = 1e-9): string[] {
  const near = (a: number, b: number) => Math.abs(a - b) <= relTol * Math.max(1, Math.abs(a), Math.abs(b));
  const id = (key: string, deviceClass: string, batchSize: number) => `${key} / ${deviceClass} / batch ${batchSize}`;
  const ours = new Map(recomputed.map((f) => [id(f.key, f.deviceClass, f.batchSize), f]));
  const out: string[] = [];
  for (const a of api) {
    const where = id(a.key, a.deviceClass, a.batchSize);
    const f = ours.get(where);
    ours.delete(where);
    if (!f) {
      out.push(`${where}: in the API, not in the data set`);
      continue;
    }
    if (!near(f.medianMs, a.medianOfMediansMs))
      out.push(`${where}: median ${f.medianMs} here, ${a.medianOfMediansMs} in the API`);
    if (f.results !== a.count || f.sources !== a.sources)
      out.push(`${where}: ${f.results} results from ${f.sources} sources here, ${a.count} from ${a.sources} in the API`);
    const sameCi =
      f.ci95 === null || a.ci95 === null ? f.ci95 === a.ci95 : near(f.ci95.lo, a.ci95.lo) && near(f.ci95.hi, a.ci95.hi);
    if (!sameCi) out.push(`${where}: interval ${JSON.stringify(f.ci95)} here, ${JSON.stringify(a.ci95)} in the API`);
  }
  for (const where of ours.keys()) out.push(`${where}: in the data set, not in the API`);
  return out;
}
