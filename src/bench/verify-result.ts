// Recomputing a submitted result from its raw samples (pure; the results server runs it on every submission, and
// tests run it on the app's own results): every statistic must follow from the samples, or the field is named.
import { verifyProfile } from './profile/verify-profile.ts';
import { VerificationError } from '../shared/errors.ts';
import { roleOf, type InputRole } from '../shared/input-shapes.ts';
import type { Point, RunResult } from '../shared/run-result.ts';
import { analyze, discardedPass } from './analyze.ts';
import { intervalPossible } from './median-interval.ts';
import type { RawPoint } from '../shared/contracts/measurement.ts';
import { MAX_SAMPLES_PER_POINT } from '../shared/sample-caps.ts';

/** Equal to rounding: JSON keeps doubles exactly, so this only forgives another engine's last bits. */
export function sameNumber(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b;
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  return Math.abs(a - b) <= 1e-9 + 1e-6 * Math.max(Math.abs(a), Math.abs(b));
}

/** Every path at which `sent` and `recomputed` differ beyond rounding (both plain JSON data). */
export function differences(sent: unknown, recomputed: unknown, path: string): string[] {
  if (typeof recomputed === 'number' || recomputed === null) {
    return (typeof sent === 'number' || sent === null) && sameNumber(sent, recomputed) ? [] : [path];
  }
  if (Array.isArray(recomputed)) {
    if (!Array.isArray(sent) || sent.length !== recomputed.length) return [path];
    return recomputed.flatMap((r, i) => differences(sent[i], r, `${path}.${i}`));
  }
  if (recomputed && typeof recomputed === 'object') {
    if (!sent || typeof sent !== 'object') return [path];
    const s = sent as Record<string, unknown>;
    const keys = new Set([...Object.keys(s), ...Object.keys(recomputed)]);
    return [...keys].flatMap((k) => differences(s[k], (recomputed as Record<string, unknown>)[k], `${path}.${k}`));
  }
  return sent === recomputed ? [] : [path];
}

const show = (x: unknown): string => JSON.stringify(x)?.slice(0, 80) ?? 'nothing';

function at(value: unknown, path: string): unknown {
  return path
    .split('.')
    .slice(1)
    .reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), value);
}

function refuse(sent: unknown, recomputed: unknown, path: string): never {
  const field = path.replace(/^result\./, '');
  throw new VerificationError(
    field,
    `${field} does not follow from the samples: sent ${show(at(sent, path))}, recomputed ${show(at(recomputed, path))}`,
  );
}

function rawOf(p: Point): RawPoint {
  return {
    batchSize: p.batchSize,
    samplesMs: p.samplesMs,
    firstTokenMs: p.generation?.ttftSamplesMs ?? [],
    discardedMs: p.discarded?.samplesMs ?? [],
    visits: [],
    stoppedBy: p.stoppedBy,
  };
}

/**
 * The result with every statistic recomputed from its samples by the app's own functions (the interval is
 * deterministic, so it matches exactly), or a VerificationError naming the first field that disagrees. Also checks
 * what the schema cannot: one sample count per figure, time-to-first-token samples for every sample, a discarded
 * pass that really failed the drift test, and 'target' only where the interval reached the plan's target.
 */
export function verifyResult(r: RunResult): RunResult {
  const newTokens = r.plan.generation?.newTokens ?? null;
  const planned = r.plan.batches.length;
  r.points.forEach((p, i) => {
    if (!r.plan.batches.includes(p.batchSize))
      throw new VerificationError(`points.${i}.batchSize`, `points.${i}.batchSize ${p.batchSize} is not in the plan`);
    if ((p.generation !== undefined) !== (newTokens !== null))
      throw new VerificationError(`points.${i}.generation`, `points.${i}.generation does not match the plan's task`);
    const ttft = p.generation?.ttftSamplesMs;
    if (ttft && ttft.length !== p.samplesMs.length)
      throw new VerificationError(
        `points.${i}.generation.ttftSamplesMs`,
        `points.${i}.generation.ttftSamplesMs has ${ttft.length} samples for ${p.samplesMs.length} runs`,
      );
    checkFedShapes(r, p, i);
    if (p.discarded) {
      const test = discardedPass(p.discarded.samplesMs, planned);
      if (!test?.drift.drifting)
        throw new VerificationError(
          `points.${i}.discarded`,
          `points.${i}.discarded: those samples pass the drift test, so they could not have been thrown away`,
        );
    }
  });
  if (new Set(r.points.map((p) => p.batchSize)).size !== r.points.length)
    throw new VerificationError('points', 'points: a batch size appears twice');
  if (r.profile)
    verifyProfile(
      r.profile,
      r.points.map((p) => p.batchSize),
    );
  const a = analyze({ warmup: r.warmupMs, points: r.points.map(rawOf) }, newTokens, planned);
  const points = a.points.map((p, i) => {
    const sent = r.points[i] as Point;
    return { ...p, visits: sent.visits, ...(sent.inputs ? { inputs: sent.inputs } : {}) };
  });
  const recomputed = { points, fit: a.fit, correlation: a.correlation, saturationBatch: a.saturationBatch };
  const sent = { points: r.points, fit: r.fit, correlation: r.correlation, saturationBatch: r.saturationBatch };
  const diff = differences(sent, recomputed, 'result');
  if (diff.length > 0) refuse(sent, recomputed, diff[0] as string);
  points.forEach((p, i) => {
    if (p.visits > p.stats.n)
      throw new VerificationError(`points.${i}.visits`, `points.${i}.visits: ${p.visits} visits for ${p.stats.n} samples`);
    const spent = p.samplesMs.reduce((x, y) => x + y, 0);
    const { targetRelCi, minSamples, minTimeMs } = r.plan.protocol;
    const reached =
      intervalPossible(p.stats.n) && p.stats.relCiHalfWidth <= targetRelCi && p.stats.n >= minSamples && spent >= minTimeMs;
    if (p.stoppedBy === 'target' && !reached)
      throw new VerificationError(
        `points.${i}.stoppedBy`,
        `points.${i}.stoppedBy is 'target' but the interval is ±${(p.stats.relCiHalfWidth * 100).toFixed(1)}% with ${p.stats.n} samples (target ±${(r.plan.protocol.targetRelCi * 100).toFixed(1)}%)`,
      );
    if (p.stoppedBy === 'sample-cap' && p.stats.n < MAX_SAMPLES_PER_POINT)
      throw new VerificationError(
        `points.${i}.stoppedBy`,
        `points.${i}.stoppedBy is 'sample-cap' but it holds ${p.stats.n} samples (the cap is ${MAX_SAMPLES_PER_POINT})`,
      );
  });
  return {
    ...r,
    ...recomputed,
    flags: { ...r.flags, drift: a.flags.drift },
  };
}

/**
 * The shapes a point says it fed must be the model's declared shapes at this batch size: a fixed-batch model cannot
 * claim batch 4 (and four times its throughput) while its inputs held one row.
 */
function checkFedShapes(r: RunResult, p: Point, i: number): void {
  const shapes = p.inputs?.shapes;
  if (!shapes) return;
  for (const input of r.model.inputs) {
    let role: InputRole;
    try {
      role = roleOf(input);
    } catch {
      continue;
    }
    const fed = shapes[input.name];
    const path = `points.${i}.inputs.shapes.${input.name}`;
    if (!fed) throw new VerificationError(path, `${path} is missing: every model input's fed shape is recorded`);
    const declared = input.shape;
    const mismatch =
      fed.length !== declared.length || declared.some((d, axis) => typeof d === 'number' && d >= 0 && fed[axis] !== d);
    if (mismatch)
      throw new VerificationError(path, `${path} [${fed.join(', ')}] does not fit the declared shape [${declared.join(', ')}]`);
    if (role !== 'zeros' && fed.length >= 2 && fed[0] !== p.batchSize)
      throw new VerificationError(path, `${path} fed a batch of ${fed[0]}, not the point's batch size ${p.batchSize}`);
  }
}
