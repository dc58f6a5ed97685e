// Export formats of a RunResult (pure; runs everywhere): pretty JSON and one CSV row per batch size (with the
// generation figures for generator runs).
import { csvCell } from '../shared/csv.ts';
import type { RunResult } from '../shared/run-result.ts';

export const CSV_COLUMNS = [
  'batch_size',
  'samples',
  'median_ms',
  'p90_ms',
  'p95_ms',
  'p99_ms',
  'ci95_lo_ms',
  'ci95_hi_ms',
  'mean_ms',
  'sd_ms',
  'throughput_items_per_s',
  'per_item_ms',
  'latency_ratio',
  'stopped_by',
  'new_tokens',
  'ttft_median_ms',
  'ttft_ci95_lo_ms',
  'ttft_ci95_hi_ms',
  'decode_ms_per_token',
  'decode_tokens_per_s',
  'decode_tokens_per_s_ci95_lo',
  'decode_tokens_per_s_ci95_hi',
  'model',
  'variant',
  'provider',
  'threads',
  'cross_origin_isolated',
  'run_id',
] as const;

/** One header line and one line per point; run-level fields repeat on each line so rows stand alone. */
export function toCsv(result: RunResult): string {
  const env = result.environment;
  const rows = result.points.map((p) => [
    p.batchSize,
    p.stats.n,
    p.stats.median,
    p.stats.p90,
    p.stats.p95,
    p.stats.p99,
    p.stats.ci95.lo,
    p.stats.ci95.hi,
    p.stats.mean,
    p.stats.sd,
    p.throughput,
    p.perItemMs,
    p.latencyRatio,
    p.stoppedBy,
    // Generation columns stay empty for classifier runs.
    p.generation?.newTokens,
    p.generation?.ttft.median,
    p.generation?.ttft.ci95.lo,
    p.generation?.ttft.ci95.hi,
    p.generation?.perTokenMs.median,
    p.generation?.decodeTokensPerSecond,
    p.generation?.decodeTokensPerSecondCi.lo,
    p.generation?.decodeTokensPerSecondCi.hi,
    result.model.id,
    result.model.variant,
    env.executionProvider,
    env.threads,
    env.crossOriginIsolated,
    result.id,
  ]);
  return [CSV_COLUMNS.join(','), ...rows.map((r) => r.map(csvCell).join(','))].join('\n') + '\n';
}

export function toJson(result: RunResult): string {
  return JSON.stringify(result, null, 2);
}
