// Generation statistics from timed generate() calls (pure; runs everywhere): time to first token, decode per token,
// and token rates, each with the same median and interval as latency.
import type { GenerationPoint, PointStats } from '../shared/run-result.ts';
import { medianIntervalSorted, relativeHalfWidth } from './median-interval.ts';
import { sorted, summarize } from './stats.ts';

/** Median, quantiles and the median's 95% interval (order statistics, src/bench/median-interval.ts) of `samples`. */
export function pointStats(samples: readonly number[]): PointStats {
  const s = summarize(samples);
  const ci95 = medianIntervalSorted(sorted(samples));
  return { ...s, ci95, relCiHalfWidth: relativeHalfWidth(ci95, s.median) };
}

/**
 * Decode time per generated token after the first, for each run: (total - ttft) / (newTokens - 1). The first token
 * comes out of the prefill pass; each later one costs one decode step of the whole batch with the KV cache.
 */
export function perTokenDecodeMs(totalMs: readonly number[], ttftMs: readonly number[], newTokens: number): number[] {
  if (totalMs.length !== ttftMs.length) throw new Error(`${totalMs.length} totals but ${ttftMs.length} first-token times`);
  if (newTokens < 2) throw new Error('decode needs at least 2 new tokens');
  return totalMs.map((t, i) => Math.max(0, t - (ttftMs[i] as number)) / (newTokens - 1));
}

const rate = (tokens: number, ms: number): number => (ms > 0 ? (tokens * 1000) / ms : 0);

/** The generation figures of one batch size from its runs' total and first-token times. */
export function generationPoint(
  batchSize: number,
  totalMs: readonly number[],
  ttftMs: readonly number[],
  newTokens: number,
): GenerationPoint {
  const perToken = perTokenDecodeMs(totalMs, ttftMs, newTokens);
  const perTokenMs = pointStats(perToken);
  const total = summarize(totalMs);
  return {
    newTokens,
    ttft: pointStats(ttftMs),
    perTokenMs,
    decodeTokensPerSecond: rate(batchSize, perTokenMs.median),
    // A longer step means fewer tokens per second: the interval's ends swap.
    decodeTokensPerSecondCi: { lo: rate(batchSize, perTokenMs.ci95.hi), hi: rate(batchSize, perTokenMs.ci95.lo) },
    tokensPerSecond: rate(batchSize * newTokens, total.median),
    ttftSamplesMs: [...ttftMs],
  };
}
