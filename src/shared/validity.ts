// Validity flags the results service computes from a submitted result's own data (runs everywhere, pure). A flagged
// result is kept and shown with its reasons, but left out of crowd aggregates by default.
import type { RunResult } from './run-result.ts';

/** Faster than this many floating-point operations per second is not a browser on a phone or laptop. */
export const PLAUSIBLE_FLOPS = 100e12;

export const VALIDITY_FLAGS = {
  fallbackAdapter: 'WebGPU ran on a software adapter',
  providerFallback: 'the requested execution provider was not the one used',
  backgrounded: 'the tab was hidden during the run',
  drift: 'latency drifted during the run',
  deviceLost: 'the GPU device was lost',
  emulated: 'the CPU or network was emulated by a harness',
  zeroVariance: 'a batch size has identical samples: a coarse or frozen timer',
  implausibleSpeed: "faster than any browser device could do the model's work",
} as const;
export type ValidityFlag = keyof typeof VALIDITY_FLAGS;

/**
 * Flags of `result`. `parameters` is the model's parameter count from the catalog (null when unknown): an encoder
 * does about 2 × parameters × tokens operations per item, so a per-item time implying more than PLAUSIBLE_FLOPS
 * is not a real measurement.
 */
export function validityFlags(result: RunResult, parameters: number | null): ValidityFlag[] {
  const flags: ValidityFlag[] = [];
  const f = result.flags;
  if (f.fallbackAdapter || result.environment.adapter?.isFallbackAdapter) flags.push('fallbackAdapter');
  if (f.providerFallback || result.environment.executionProvider !== result.environment.requestedProvider)
    flags.push('providerFallback');
  if (f.backgrounded) flags.push('backgrounded');
  if (f.drift) flags.push('drift');
  if (f.deviceLost) flags.push('deviceLost');
  if (f.emulated || result.environment.emulation) flags.push('emulated');
  if (result.points.some((p) => p.samplesMs.length >= 3 && p.samplesMs.every((s) => s === p.samplesMs[0])))
    flags.push('zeroVariance');
  const implausible = result.points.some((p) => {
    if (p.stats.median <= 0.001) return true;
    if (parameters === null || parameters <= 0) return false;
    const tokens = p.inputs?.sequenceLength ?? result.inputs.sequenceLength;
    const flopsPerItem = 2 * parameters * tokens;
    return (flopsPerItem * p.batchSize) / (p.stats.median / 1000) > PLAUSIBLE_FLOPS;
  });
  if (implausible) flags.push('implausibleSpeed');
  return flags;
}
