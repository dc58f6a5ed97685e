// Interleaved timing of the operators lab's variants (inference worker; pure control flow, tested with a fake clock):
// every (variant, batch size) pair runs in one run of the benchmark's protocol, so its rounds alternate variants as
// they alternate batch sizes and one drift test covers them all.
import type { Measure } from '../../bench/protocol.ts';
import type { RawMeasurements } from '../../shared/contracts/measurement.ts';
import type { ProtocolSettings } from '../../shared/run-plan.ts';
import { timeBatches } from '../timing/time-batches.ts';

/** One variant ready to time: the batch sizes it takes and how to time `n` runs at one of them. */
export interface Timeable {
  batches: readonly number[];
  measure: Measure;
}

/**
 * Times every (variant, batch size) pair in one protocol run: a machine that slows down during the lab slows every
 * variant alike (timed one after another, the last ones were measured on a slower machine), and a drifting pair is
 * measured again as the protocol does for batch sizes. Returns each variant's measurements under its own batch sizes.
 */
export async function timeInterleaved(
  variants: readonly Timeable[],
  protocol: ProtocolSettings,
  onStep: (label: string, done: number, of: number) => void,
): Promise<RawMeasurements[]> {
  const pairs = variants.flatMap((v, variant) => v.batches.map((batch) => ({ variant, batch })));
  // Protocol keys 1..n stand for the pairs; they are mapped back below.
  const keys = pairs.map((_, i) => i + 1);
  const pairOf = (key: number) => pairs[key - 1] as { variant: number; batch: number };
  const raw = await timeBatches(
    (key, n) => {
      const { variant, batch } = pairOf(key);
      return (variants[variant] as Timeable).measure(batch, n);
    },
    keys,
    protocol,
    (p) => onStep(p.phase === 'warmup' ? 'warming up' : 'timing', p.finished, p.total),
    { partialOnDeviceLoss: true },
  );
  return variants.map((_, variant) => {
    const mine = (key: number) => pairOf(key).variant === variant;
    const out: RawMeasurements = {
      warmup: raw.warmup.filter((w) => mine(w.batchSize)).map((w) => ({ ...w, batchSize: pairOf(w.batchSize).batch })),
      points: raw.points.filter((p) => mine(p.batchSize)).map((p) => ({ ...p, batchSize: pairOf(p.batchSize).batch })),
    };
    if (raw.interrupted && mine(raw.interrupted.batchSize))
      out.interrupted = { ...raw.interrupted, batchSize: pairOf(raw.interrupted.batchSize).batch };
    return out;
  });
}
