// Turns the perf harness's repeated measurements into ratios and noise figures (Node, pure).
import { bootstrapMedianCi, relativeHalfWidth } from '../../src/bench/bootstrap.ts';
import { median } from '../../src/bench/stats.ts';

export const METHODS = [
  'tierlab',
  'bare',
  'bare-interleaved',
  'bare-paint',
  'typical-plain',
  'typical-isolated',
  'native',
] as const;
export type Method = (typeof METHODS)[number];

/** One method's median latency per batch size in one repetition. */
export interface RepMeasure {
  method: Method;
  variant: string;
  rep: number;
  medians: Record<number, number>;
}

export interface Summary {
  /** Median over repetitions of the per-repetition medians. */
  median: number;
  /** Spread over repetitions: max / min - 1. */
  spread: number;
  reps: number;
}

/** Median and spread over repetitions of one method, variant and batch size. */
export function summarizeReps(measures: readonly RepMeasure[], method: Method, variant: string, batch: number): Summary | null {
  const values = measures
    .filter((m) => m.method === method && m.variant === variant && m.medians[batch] !== undefined)
    .map((m) => m.medians[batch] as number);
  if (values.length === 0) return null;
  return { median: median(values), spread: Math.max(...values) / Math.min(...values) - 1, reps: values.length };
}

export interface RatioRow {
  batch: number;
  ratio: number;
  /** Lowest and highest ratio of a single repetition (same repetition on both sides). */
  low: number;
  high: number;
}

/** Ratio a / b per batch size, from medians over repetitions, with the per-repetition range. */
export function ratios(
  measures: readonly RepMeasure[],
  a: Method,
  b: Method,
  variant: string,
  batches: readonly number[],
): RatioRow[] {
  return batches.flatMap((batch) => {
    const sa = summarizeReps(measures, a, variant, batch);
    const sb = summarizeReps(measures, b, variant, batch);
    if (!sa || !sb) return [];
    const perRep = measures
      .filter((m) => m.method === a && m.variant === variant)
      .flatMap((ma) => {
        const mb = measures.find((m) => m.method === b && m.variant === variant && m.rep === ma.rep);
        const x = ma.medians[batch];
        const y = mb?.medians[batch];
        return x !== undefined && y !== undefined && y > 0 ? [x / y] : [];
      });
    return [{ batch, ratio: sa.median / sb.median, low: Math.min(...perRep), high: Math.max(...perRep) }];
  });
}

/** How noisy the machine was: the median and largest spread over repetitions across every method and batch size. */
export function noise(measures: readonly RepMeasure[], batches: readonly number[]): { medianSpread: number; maxSpread: number } {
  const spreads: number[] = [];
  const variants = [...new Set(measures.map((m) => m.variant))];
  for (const method of METHODS)
    for (const variant of variants)
      for (const batch of batches) {
        const s = summarizeReps(measures, method, variant, batch);
        if (s && s.reps > 1) spreads.push(s.spread);
      }
  return { medianSpread: spreads.length ? median(spreads) : 0, maxSpread: spreads.length ? Math.max(...spreads) : 0 };
}

export interface PrecisionRow {
  batch: number;
  adaptive: { samples: number; seconds: number; relCi: number };
  fixed: { samples: number; seconds: number; relCi: number };
}

/** The adaptive protocol's cost and interval next to a fixed protocol's (its samples' bootstrap interval). */
export function precisionRow(
  batch: number,
  adaptive: { samplesMs: readonly number[]; discardedSamples: number; relCi: number },
  fixedSamplesMs: readonly number[],
): PrecisionRow {
  const keptMs = adaptive.samplesMs.reduce((a, b) => a + b, 0);
  // Discarded samples are known by count only; they cost about the median each.
  const discardedMs = adaptive.discardedSamples * median(adaptive.samplesMs);
  const fixedMedian = median(fixedSamplesMs);
  return {
    batch,
    adaptive: {
      samples: adaptive.samplesMs.length + adaptive.discardedSamples,
      seconds: (keptMs + discardedMs) / 1000,
      relCi: adaptive.relCi,
    },
    fixed: {
      samples: fixedSamplesMs.length,
      seconds: fixedSamplesMs.reduce((a, b) => a + b, 0) / 1000,
      relCi: relativeHalfWidth(bootstrapMedianCi(fixedSamplesMs), fixedMedian),
    },
  };
}

/** The harness-overhead goal: TierLab's median at most this many times the bare loop's. */
export const OVERHEAD_GOAL = 1.02;

/** One sentence on the overhead goal for a ratio table: met at every batch size, or the batch sizes above it. */
export function overheadVerdict(rows: readonly RatioRow[]): string {
  if (rows.length === 0) return 'No batch size was measured.';
  const values = rows.map((r) => r.ratio);
  const range = `ratios from ${Math.min(...values).toFixed(3)} to ${Math.max(...values).toFixed(3)}`;
  const over = rows.filter((r) => r.ratio > OVERHEAD_GOAL);
  if (over.length === 0) return `Overhead within 2% (ratio at most ${OVERHEAD_GOAL}) at every batch size; ${range}.`;
  const which = over.map((r) => `${r.batch} (${r.ratio.toFixed(3)})`).join(', ');
  return `Overhead above 2% at batch ${over.length === 1 ? 'size' : 'sizes'} ${which}, within it at ${rows.length - over.length} of ${rows.length}; ${range}. Section 5 shows where the time goes.`;
}
