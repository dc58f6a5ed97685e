// Compares runs of one plan over several input languages (pure; runs everywhere): tokens, padding, latency, throughput.
import type { RunResult } from '../shared/run-result.ts';

export interface LanguageRow {
  language: string;
  /** Real tokens per sample and padding share at the largest batch size. */
  tokensPerSample: number;
  paddingFraction: number;
  sequenceLength: number;
  /** Median latency per batch size, ms, in plan order. */
  medians: number[];
  /** Throughput at the largest batch size, items per second. */
  throughput: number;
  /** Generation runs: median time to first token at the largest batch size, ms (prefill grows with prompt length). */
  ttftMs: number | null;
  /** Median latency at the largest batch relative to the fastest language's (1 = fastest). */
  relativeLatency: number;
  flagged: boolean;
}

/** One row per result, in the order given; results must share batch sizes. */
export function summarizeLanguages(results: readonly RunResult[]): LanguageRow[] {
  const rows = results.map((r) => {
    const last = r.points.at(-1);
    const inputs = last?.inputs ?? r.inputs;
    return {
      language: r.plan.language,
      tokensPerSample: inputs.tokensPerSampleMean,
      paddingFraction: inputs.paddingFraction,
      sequenceLength: inputs.sequenceLength,
      medians: r.points.map((p) => p.stats.median),
      throughput: last?.throughput ?? 0,
      ttftMs: last?.generation?.ttft.median ?? null,
      lastMedian: last?.stats.median ?? NaN,
      flagged: Object.values(r.flags).some(Boolean),
    };
  });
  const fastest = Math.min(...rows.map((r) => r.lastMedian));
  return rows.map(({ lastMedian, ...row }) => ({ ...row, relativeLatency: fastest > 0 ? lastMedian / fastest : NaN }));
}
