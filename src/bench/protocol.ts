// The sampling protocol (pure control flow; runs in the inference worker and in tests with a fake clock):
// warm-up per batch size, then interleaved rounds of adaptive sampling until each interval is tight enough.
import type { ProtocolProgress, RawMeasurements, RawPoint, RawWarmup } from '../shared/contracts/measurement.ts';
import { MAX_SAMPLES_PER_POINT, MAX_WARMUP_RUNS } from '../shared/sample-caps.ts';
import type { ProtocolSettings } from '../shared/run-plan.ts';
import { driftTest } from './drift.ts';
import { intervalPossible, medianIntervalSorted, relativeHalfWidth } from './median-interval.ts';
import { median, quantileSorted, sorted } from './stats.ts';

/** Runs timed by a generator: whole generate() calls, and the time each took to its first token. */
export interface TimedRuns {
  totalMs: Float64Array;
  firstTokenMs: Float64Array;
}

/** Times `count` consecutive runs at one batch size, each including output read-back; returns ms per run. */
export type Measure = (batchSize: number, count: number) => Promise<Float64Array | TimedRuns>;

interface Taken {
  ms: number[];
  firstTokenMs: number[];
}

async function take(measure: Measure, batchSize: number, count: number): Promise<Taken> {
  const out = await measure(batchSize, count);
  if (out instanceof Float64Array) return { ms: Array.from(out), firstTokenMs: [] };
  return { ms: Array.from(out.totalMs), firstTokenMs: Array.from(out.firstTokenMs) };
}

/**
 * Receives progress between visits, never during one. When it returns a promise, the next visit waits for it: the
 * app resolves it once the page has painted the update, so the page's work never overlaps a timed run.
 */
export type ProgressSink = (p: ProtocolProgress) => void | Promise<void>;

/** Options of a protocol run. */
export interface ProtocolOptions {
  signal?: AbortSignal;
  /** Errors of `measure` that end the run early but keep the batch sizes already measured (a lost GPU device). */
  interruptedBy?: (err: unknown) => boolean;
}

/** Warm-up is settled when the medians of the last WARMUP_CHUNKS chunks lie within this relative spread… */
export const WARMUP_TOLERANCE = 0.1;
export const WARMUP_CHUNKS = 3;
/**
 * …and have stopped falling: chunks each faster than the one before, by more than this in all, are code still
 * getting faster (the engine's background compilation not yet done), however close together.
 */
export const WARMUP_FALL = 0.02;

/** Whether the last WARMUP_CHUNKS chunk medians say the batch size has settled: close together, and not falling. */
export function warmupSettled(medians: readonly number[]): boolean {
  const last = medians.slice(-WARMUP_CHUNKS);
  if (last.length < WARMUP_CHUNKS) return false;
  if (Math.max(...last) / Math.min(...last) - 1 >= WARMUP_TOLERANCE) return false;
  const falling = last.every((m, i) => i === 0 || m < (last[i - 1] as number));
  return !(falling && (last[0] as number) / (last.at(-1) as number) - 1 > WARMUP_FALL);
}

/**
 * Warms one batch size up: the first run alone (compilation), then chunks of at least `warmupRuns` runs filling
 * about `visitMs`, until the medians of the last WARMUP_CHUNKS chunks agree within WARMUP_TOLERANCE and have stopped
 * falling (warmupSettled), or `warmupMaxMs` is spent. Browsers keep compiling WASM in the background (tier-up) for
 * seconds after a model loads, competing for the same cores, so a fixed few runs leave the first samples several times
 * too slow.
 */
export async function warmUp(measure: Measure, batchSize: number, settings: ProtocolSettings): Promise<RawWarmup> {
  const [firstRunMs = 0] = (await take(measure, batchSize, 1)).ms;
  const runsMs: number[] = [];
  if (settings.warmupRuns === 0) return { batchSize, firstRunMs, runsMs, settled: true };
  const medians: number[] = [];
  let spent = firstRunMs;
  for (;;) {
    const typical = medians.at(-1) ?? firstRunMs;
    const wanted = Math.max(settings.warmupRuns, Math.min(50, Math.round(settings.visitMs / Math.max(typical, 0.01))));
    const count = Math.min(wanted, MAX_WARMUP_RUNS - runsMs.length);
    if (count <= 0) return { batchSize, firstRunMs, runsMs, settled: false };
    const chunk = (await take(measure, batchSize, count)).ms;
    runsMs.push(...chunk);
    spent += chunk.reduce((a, b) => a + b, 0);
    medians.push(median(chunk));
    if (warmupSettled(medians)) return { batchSize, firstRunMs, runsMs, settled: true };
    if (spent >= settings.warmupMaxMs) return { batchSize, firstRunMs, runsMs, settled: false };
  }
}

export interface StopCheck {
  reason: RawPoint['stoppedBy'] | null;
  /** Larger relative half-width of the median's interval now; Infinity before the minimums are met. */
  relCi: number;
}

/** Whether a batch size's sampling ends now, and how wide its interval is. */
export function checkStop(samplesMs: readonly number[], settings: ProtocolSettings): StopCheck {
  const spent = samplesMs.reduce((a, b) => a + b, 0);
  if (spent >= settings.maxTimeMs) return { reason: 'time-cap', relCi: Infinity };
  if (samplesMs.length >= MAX_SAMPLES_PER_POINT) return { reason: 'sample-cap', relCi: Infinity };
  if (samplesMs.length < settings.minSamples || spent < settings.minTimeMs || !intervalPossible(samplesMs.length))
    return { reason: null, relCi: Infinity };
  // The reported interval itself, on its wider side: a point that stopped on target shows both ends within it.
  const s = sorted(samplesMs);
  const relCi = relativeHalfWidth(medianIntervalSorted(s), quantileSorted(s, 0.5));
  return { reason: relCi <= settings.targetRelCi ? 'target' : null, relCi };
}

/** Why a batch size's sampling ends now, or null to go on. */
export function stopReason(samplesMs: readonly number[], settings: ProtocolSettings): RawPoint['stoppedBy'] | null {
  return checkStop(samplesMs, settings).reason;
}

/**
 * Completion of one unfinished batch size: the larger of its share of the time cap and, since the interval narrows
 * with the square root of the sample count, (target / current width)^2; kept below 1 until it really ends.
 */
export function pointCompletion(spentMs: number, relCi: number, settings: ProtocolSettings): number {
  const byTime = spentMs / settings.maxTimeMs;
  const byPrecision = Number.isFinite(relCi) && relCi > 0 ? (settings.targetRelCi / relCi) ** 2 : 0;
  return Math.min(0.95, Math.max(byTime, byPrecision));
}

/**
 * Samples one visit takes: enough to fill `visitMs` at the latency seen so far, at least 1, at most 50, and never past
 * MAX_SAMPLES_PER_POINT (0 once a batch size holds that many).
 */
export function visitSize(samplesMs: readonly number[], settings: ProtocolSettings): number {
  const room = MAX_SAMPLES_PER_POINT - samplesMs.length;
  if (samplesMs.length === 0) return Math.min(settings.minSamples, 3);
  const typical = Math.max(median(samplesMs), 0.01);
  return Math.max(0, Math.min(room, Math.max(1, Math.min(50, Math.round(settings.visitMs / typical)))));
}

/** Plan order for round `round`: ascending on even rounds, descending on odd, so no size always follows the same one. */
export function roundOrder<T>(pending: readonly T[], round: number): T[] {
  return round % 2 === 0 ? [...pending] : [...pending].reverse();
}

function progressOf(
  points: RawPoint[],
  widths: readonly number[],
  settings: ProtocolSettings,
  finished: ReadonlySet<number>,
  extra: Pick<ProtocolProgress, 'phase' | 'batchSize' | 'round'>,
): ProtocolProgress {
  const completion = points.map((p, i) =>
    finished.has(i)
      ? 1
      : pointCompletion(
          p.samplesMs.reduce((a, b) => a + b, 0),
          widths[i] ?? Infinity,
          settings,
        ),
  );
  return {
    ...extra,
    samples: points.map((p) => p.samplesMs.length),
    live: points.map((p, i) => ({
      batchSize: p.batchSize,
      medianMs: p.samplesMs.length ? median(p.samplesMs) : null,
      done: finished.has(i),
    })),
    finished: finished.size,
    total: points.length,
    fraction: extra.phase === 'warmup' ? 0 : completion.reduce((a, b) => a + b, 0) / Math.max(1, points.length),
  };
}

function record(point: RawPoint, visit: Taken): void {
  point.visits.push(visit.ms);
  point.samplesMs.push(...visit.ms);
  point.firstTokenMs.push(...visit.firstTokenMs);
}

/** Interleaved rounds over `indices` until each stops on target or time cap. */
async function sampleRounds(
  measure: Measure,
  points: RawPoint[],
  indices: readonly number[],
  widths: number[],
  settings: ProtocolSettings,
  finished: Set<number>,
  onProgress: ProgressSink,
  signal?: AbortSignal,
): Promise<void> {
  for (let round = 0; indices.some((i) => !finished.has(i)); round++) {
    const pending = indices.filter((i) => !finished.has(i));
    for (const index of roundOrder(pending, round)) {
      signal?.throwIfAborted();
      const point = points[index] as RawPoint;
      await onProgress(progressOf(points, widths, settings, finished, { phase: 'sampling', batchSize: point.batchSize, round }));
      const visit = await take(measure, point.batchSize, visitSize(point.samplesMs, settings));
      record(point, visit);
      const check = checkStop(point.samplesMs, settings);
      widths[index] = check.relCi;
      if (check.reason) {
        point.stoppedBy = check.reason;
        finished.add(index);
      }
    }
  }
}

/**
 * Runs the whole protocol over `batches`: warm-up per size, interleaved adaptive sampling, a closing visit to every
 * size, then a second pass for any size whose samples fail the drift test (src/bench/drift.ts; its first-pass samples
 * are kept as `discardedMs`). `signal` aborts between runs. An error `interruptedBy` accepts ends the run with the
 * batch sizes whose sampling had already ended (none: the error is thrown).
 */
export async function runProtocol(
  measure: Measure,
  batches: readonly number[],
  settings: ProtocolSettings,
  onProgress: ProgressSink = () => {},
  options: ProtocolOptions = {},
): Promise<RawMeasurements> {
  const points: RawPoint[] = batches.map((batchSize) => ({
    batchSize,
    samplesMs: [],
    firstTokenMs: [],
    discardedMs: [],
    visits: [],
    stoppedBy: 'time-cap',
  }));
  const warmup: RawWarmup[] = [];
  const finished = new Set<number>();
  let current = batches[0] ?? 0;
  const tracked: Measure = (batchSize, count) => {
    current = batchSize;
    return measure(batchSize, count);
  };
  try {
    return await measureAll(tracked, points, warmup, finished, settings, onProgress, options.signal);
  } catch (err) {
    if (!options.interruptedBy?.(err) || finished.size === 0) throw err;
    const kept = points
      .filter((p, i) => finished.has(i) && p.samplesMs.length > 0)
      // A closing visit may have widened an interval that had reached its target: claim only what still holds.
      .map((p) =>
        p.stoppedBy === 'target' && checkStop(p.samplesMs, settings).reason !== 'target'
          ? { ...p, stoppedBy: 'time-cap' as const }
          : p,
      );
    if (kept.length === 0) throw err;
    return {
      warmup,
      points: kept,
      interrupted: { batchSize: current, reason: err instanceof Error ? err.message : String(err) },
    };
  }
}

async function measureAll(
  measure: Measure,
  points: RawPoint[],
  warmup: RawWarmup[],
  finished: Set<number>,
  settings: ProtocolSettings,
  onProgress: ProgressSink,
  signal: AbortSignal | undefined,
): Promise<RawMeasurements> {
  const batches = points.map((p) => p.batchSize);
  const widths: number[] = batches.map(() => Infinity);
  for (const batchSize of batches) {
    signal?.throwIfAborted();
    await onProgress(progressOf(points, widths, settings, new Set(), { phase: 'warmup', batchSize, round: 0 }));
    warmup.push(await warmUp(measure, batchSize, settings));
  }
  const all = points.map((_, i) => i);
  await sampleRounds(measure, points, all, widths, settings, finished, onProgress, signal);
  // One more visit to every size at the end: a size that finished early, while the device was still settling,
  // shows its drift only against a later visit.
  for (const i of all) {
    signal?.throwIfAborted();
    const p = points[i] as RawPoint;
    const count = visitSize(p.samplesMs, settings);
    if (count > 0) record(p, await take(measure, p.batchSize, count));
  }
  const drifting = all.filter((i) => driftTest((points[i] as RawPoint).samplesMs, points.length)?.drifting === true);
  for (const i of drifting) {
    const p = points[i] as RawPoint;
    points[i] = { ...p, discardedMs: p.samplesMs, samplesMs: [], firstTokenMs: [], visits: [], stoppedBy: 'time-cap' };
    widths[i] = Infinity;
  }
  // The closing visit can also widen a steady size's interval past the target: such a size samples on.
  const reopened = all.filter((i) => {
    if (drifting.includes(i)) return false;
    const p = points[i] as RawPoint;
    const check = checkStop(p.samplesMs, settings);
    widths[i] = check.relCi;
    if (check.reason) p.stoppedBy = check.reason;
    return check.reason === null;
  });
  const again = [...drifting, ...reopened].sort((a, b) => a - b);
  for (const i of again) finished.delete(i);
  await sampleRounds(measure, points, again, widths, settings, finished, onProgress, signal);
  await onProgress(
    progressOf(points, widths, settings, finished, { phase: 'sampling', batchSize: batches.at(-1) ?? 0, round: -1 }),
  );
  return { warmup, points };
}
