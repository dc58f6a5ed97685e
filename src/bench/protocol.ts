// The sampling protocol (pure control flow; runs in the inference worker and in tests with a fake clock):
// warm-up per batch size, then interleaved rounds of adaptive sampling until each interval is tight enough.
import type { ProtocolSettings } from '../shared/run-plan.ts';
import { bootstrapMedianCi, relativeHalfWidth } from './bootstrap.ts';
import { median } from './stats.ts';

/** Times `count` consecutive runs at one batch size, each including output read-back; returns ms per run. */
export type Measure = (batchSize: number, count: number) => Promise<Float64Array>;

export interface ProtocolProgress {
  phase: 'warmup' | 'sampling';
  batchSize: number;
  round: number;
  /** Samples so far per batch size, in plan order. */
  samples: number[];
  /** Batch sizes whose sampling has ended. */
  finished: number;
  total: number;
  /** Rough completion in [0, 1]. */
  fraction: number;
}

export interface RawPoint {
  batchSize: number;
  samplesMs: number[];
  /** Samples of each visit, in order. */
  visits: number[][];
  stoppedBy: 'target' | 'time-cap';
}

export interface RawWarmup {
  batchSize: number;
  firstRunMs: number;
  runsMs: number[];
}

export interface RawMeasurements {
  warmup: RawWarmup[];
  points: RawPoint[];
}

/** Why a batch size's sampling ends now, or null to go on. */
export function stopReason(samplesMs: readonly number[], settings: ProtocolSettings): RawPoint['stoppedBy'] | null {
  const spent = samplesMs.reduce((a, b) => a + b, 0);
  if (spent >= settings.maxTimeMs) return 'time-cap';
  if (samplesMs.length < settings.minSamples || spent < settings.minTimeMs) return null;
  // Same resampling as the reported interval, so a point that stopped on target shows an interval within it.
  const ci = bootstrapMedianCi(samplesMs);
  return relativeHalfWidth(ci, median(samplesMs)) <= settings.targetRelCi ? 'target' : null;
}

/** Samples one visit takes: enough to fill `visitMs` at the latency seen so far, at least 1, at most 50. */
export function visitSize(samplesMs: readonly number[], settings: ProtocolSettings): number {
  if (samplesMs.length === 0) return Math.min(settings.minSamples, 3);
  const typical = Math.max(median(samplesMs), 0.01);
  return Math.max(1, Math.min(50, Math.round(settings.visitMs / typical)));
}

/** Plan order for round `round`: ascending on even rounds, descending on odd, so no size always follows the same one. */
export function roundOrder<T>(pending: readonly T[], round: number): T[] {
  return round % 2 === 0 ? [...pending] : [...pending].reverse();
}

function progressOf(
  points: RawPoint[],
  settings: ProtocolSettings,
  finishedCount: number,
  extra: Pick<ProtocolProgress, 'phase' | 'batchSize' | 'round'>,
): ProtocolProgress {
  const perPoint = points.map((p) => {
    if (p.visits.length > 0 && finishedCount === points.length) return 1;
    const spent = p.samplesMs.reduce((a, b) => a + b, 0);
    return Math.min(1, Math.max(p.samplesMs.length / settings.minSamples, spent / settings.maxTimeMs) * 0.9);
  });
  const sampling = perPoint.reduce((a, b) => a + b, 0) / Math.max(1, points.length);
  return {
    ...extra,
    samples: points.map((p) => p.samplesMs.length),
    finished: finishedCount,
    total: points.length,
    fraction: extra.phase === 'warmup' ? 0 : Math.min(1, sampling),
  };
}

/** Runs the whole protocol over `batches`; `signal` aborts between runs. */
export async function runProtocol(
  measure: Measure,
  batches: readonly number[],
  settings: ProtocolSettings,
  onProgress: (p: ProtocolProgress) => void = () => {},
  signal?: AbortSignal,
): Promise<RawMeasurements> {
  const points: RawPoint[] = batches.map((batchSize) => ({ batchSize, samplesMs: [], visits: [], stoppedBy: 'time-cap' }));
  const warmup: RawWarmup[] = [];
  for (const batchSize of batches) {
    signal?.throwIfAborted();
    onProgress(progressOf(points, settings, 0, { phase: 'warmup', batchSize, round: 0 }));
    const [firstRunMs = 0] = await measure(batchSize, 1);
    const runsMs = settings.warmupRuns > 0 ? Array.from(await measure(batchSize, settings.warmupRuns)) : [];
    warmup.push({ batchSize, firstRunMs, runsMs });
  }
  const finished = new Set<number>();
  for (let round = 0; finished.size < points.length; round++) {
    const pending = points.filter((_, i) => !finished.has(i));
    for (const point of roundOrder(pending, round)) {
      signal?.throwIfAborted();
      const index = points.indexOf(point);
      onProgress(progressOf(points, settings, finished.size, { phase: 'sampling', batchSize: point.batchSize, round }));
      const visit = Array.from(await measure(point.batchSize, visitSize(point.samplesMs, settings)));
      point.visits.push(visit);
      point.samplesMs.push(...visit);
      const reason = stopReason(point.samplesMs, settings);
      if (reason) {
        point.stoppedBy = reason;
        finished.add(index);
      }
    }
  }
  onProgress(progressOf(points, settings, finished.size, { phase: 'sampling', batchSize: batches.at(-1) ?? 0, round: -1 }));
  return { warmup, points };
}
