// Turns raw protocol samples into the measured part of a RunResult (pure; runs everywhere).
import type { Flags, Point } from '../shared/run-result.ts';
import { driftTest } from './drift.ts';
import { generationPoint, pointStats } from './generation.ts';
import type { RawMeasurements, RawPoint } from '../shared/contracts/measurement.ts';
import { MAX_SAMPLES_PER_POINT } from '../shared/sample-caps.ts';
import { linearFit, pearson, spearman } from './regression.ts';
import { median } from './stats.ts';

/** Throughput gain under which extra batch no longer pays. */
export const SATURATION_GAIN = 0.1;

export interface Analysis {
  points: Point[];
  fit: { fixedMs: number | null; perItemMs: number | null; r2: number | null };
  correlation: { pearson: number | null; spearman: number | null };
  saturationBatch: number | null;
  flags: Pick<Flags, 'drift' | 'ciNotReached'>;
  notes: string[];
}

const orNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** Smallest batch size after which the next size adds less than `gain` throughput. */
export function saturationBatch(
  batches: readonly number[],
  throughputs: readonly number[],
  gain = SATURATION_GAIN,
): number | null {
  for (let i = 0; i + 1 < batches.length; i++) {
    if ((throughputs[i + 1] as number) < (throughputs[i] as number) * (1 + gain)) return batches[i] as number;
  }
  return null;
}

function toPoint(
  raw: RawPoint,
  base: { median: number; throughput: number },
  newTokens: number | null,
  plannedPoints: number,
): Point {
  const s = pointStats(raw.samplesMs);
  const throughput = s.median > 0 ? (raw.batchSize * 1000) / s.median : 0;
  return {
    batchSize: raw.batchSize,
    samplesMs: raw.samplesMs,
    stats: s,
    throughput,
    perItemMs: s.median / raw.batchSize,
    latencyRatio: base.median > 0 ? s.median / base.median : 0,
    throughputRatio: base.throughput > 0 ? throughput / base.throughput : 0,
    visits: raw.visits.length,
    stoppedBy: raw.stoppedBy,
    drift: driftTest(raw.samplesMs, plannedPoints),
    discarded: discardedPass(raw.discardedMs, plannedPoints),
    ...(newTokens !== null ? { generation: generationPoint(raw.batchSize, raw.samplesMs, raw.firstTokenMs, newTokens) } : {}),
  };
}

/** Why a first pass is thrown away. */
export const DISCARD_REASON = 'the first pass failed the drift test (the device was still settling); measured again';

/** The record of a discarded first pass, with its drift test; null when nothing was discarded. */
export function discardedPass(samplesMs: readonly number[], plannedPoints: number): Point['discarded'] {
  if (samplesMs.length === 0) return null;
  const drift = driftTest(samplesMs, plannedPoints);
  if (!drift) throw new Error('a discarded pass must have enough samples for a drift test');
  return { samplesMs: [...samplesMs], drift, reason: DISCARD_REASON };
}

/**
 * Statistics, fit, correlation, saturation and flags of a finished protocol; for a generation run (`newTokens`
 * given) each point also gets its time to first token, decode per token and token rates. `plannedPoints` is the
 * plan's number of batch sizes, which sets the drift test's level (a partial run has fewer measured points).
 */
export function analyze(raw: RawMeasurements, newTokens: number | null = null, plannedPoints = raw.points.length): Analysis {
  const measured = raw.points.filter((p) => p.samplesMs.length > 0);
  if (measured.length === 0) throw new Error('no samples were taken');
  const first = measured[0] as RawPoint;
  const m0 = median(first.samplesMs);
  const base = { median: m0, throughput: m0 > 0 ? (first.batchSize * 1000) / m0 : 0 };
  const points = measured.map((p) => toPoint(p, base, newTokens, plannedPoints));
  const fit = linearFit(
    points.map((p) => p.batchSize),
    points.map((p) => p.stats.median),
  );
  const xs = measured.flatMap((p) => p.samplesMs.map(() => p.batchSize));
  const ys = measured.flatMap((p) => p.samplesMs);
  const notes: string[] = [];
  const drifting = points.filter((p) => p.drift?.drifting === true);
  if (drifting.length > 0) {
    notes.push(
      `latency changed between the first and second half of the samples (rank-sum test) at batch ${drifting.map((p) => p.batchSize).join(', ')}`,
    );
  }
  const redone = points.filter((p) => p.discarded !== null);
  if (redone.length > 0) {
    notes.push(
      `batch ${redone.map((p) => p.batchSize).join(', ')} drifted during the first pass (the device was still settling); those samples were discarded and the batch sizes measured again`,
    );
  }
  const unsettled = raw.warmup.filter((w) => !w.settled);
  if (unsettled.length > 0) {
    notes.push(`warm-up had not settled when its time limit ran out at batch ${unsettled.map((w) => w.batchSize).join(', ')}`);
  }
  const timeCapped = points.filter((p) => p.stoppedBy === 'time-cap');
  if (timeCapped.length > 0)
    notes.push(`time cap reached before the target interval at batch ${timeCapped.map((p) => p.batchSize).join(', ')}`);
  const sampleCapped = points.filter((p) => p.stoppedBy === 'sample-cap');
  if (sampleCapped.length > 0)
    notes.push(
      `sample cap (${MAX_SAMPLES_PER_POINT} samples) reached before the target interval at batch ${sampleCapped.map((p) => p.batchSize).join(', ')}: each run is close to the timer's resolution`,
    );
  const capped = [...timeCapped, ...sampleCapped];
  return {
    points,
    fit: { fixedMs: orNull(fit.fixedMs), perItemMs: orNull(fit.perItemMs), r2: orNull(fit.r2) },
    correlation: { pearson: orNull(pearson(xs, ys)), spearman: orNull(spearman(xs, ys)) },
    saturationBatch: saturationBatch(
      points.map((p) => p.batchSize),
      points.map((p) => p.throughput),
    ),
    flags: { drift: drifting.length > 0, ciNotReached: capped.length > 0 },
    notes,
  };
}
