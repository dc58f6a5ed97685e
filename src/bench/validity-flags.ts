// Deriving a submitted result's validity flags from its own evidence (pure; the results server runs it): raw samples,
// environment strings, the plan, the catalog and the request's own User-Agent header; never a client's boolean when
// the evidence is there.
import { SOFTWARE_ADAPTER } from '../shared/adapter-info.ts';
import { browserOf, osFamily } from '../shared/device-buckets.ts';
import { DEFAULT_PROTOCOL, type RunPlan } from '../shared/run-plan.ts';
import type { Point, RunResult } from '../shared/run-result.ts';
import type { ValidityFlag } from '../shared/validity.ts';
import { driftTest } from './drift.ts';
import { median } from './stats.ts';

/** Faster than this many floating-point operations per second is not a browser on a phone or laptop. */
export const PLAUSIBLE_FLOPS = 100e12;
/** A batch size whose median absolute deviation is under this share of its median has (near) zero variance. */
export const ZERO_VARIANCE_REL_MAD = 0.001;

/** The fewest tokens the model's own tokenizer makes of the bundled inputs of the plan's language. */
export interface TokenBounds {
  /** Code snippets (classifier inputs). */
  snippetTokens: number;
  /** Code-completion prompts (generator inputs). */
  promptTokens: number;
}

export interface FlagContext {
  /** The model's parameter count from the catalog; null when unknown. */
  parameters: number | null;
  /** Token counts from the model's own tokenizer; null when the server has no copy of it. */
  tokens?: TokenBounds | null;
  /** The User-Agent header of the request that carried the result; null when judged without one. */
  requestUserAgent: string | null;
}

/** Median absolute deviation from the median. */
export function medianAbsoluteDeviation(values: readonly number[]): number {
  const m = median(values);
  return median(values.map((x) => Math.abs(x - m)));
}

/**
 * Lower bound of the model's work per timed run, in floating-point operations: about 2 × parameters per token it
 * processed. A generator processes its prompt (at least the shortest bundled prompt, by its own tokenizer) and then
 * one position per new token; an encoder padded to the plan's length processes that many positions; an encoder padded
 * to the longest sample at least the shortest bundled snippet's tokens (1 without the tokenizer). Never a length the
 * client declared about its inputs.
 */
export function minimumFlops(
  result: RunResult,
  parameters: number,
  batchSize: number,
  tokens: TokenBounds | null = null,
): number {
  const plan = result.plan;
  const positions = plan.generation
    ? Math.min(plan.seq, tokens?.promptTokens ?? 1) + plan.generation.newTokens - 1
    : plan.padding === 'max-length'
      ? plan.seq
      : Math.min(plan.seq, tokens?.snippetTokens ?? 1);
  return 2 * parameters * positions * batchSize;
}

/**
 * Whether some batch size's interval is wider than the target: the plan's own, or the default ±5% when the plan asked
 * for less (a looser target is not a more precise measurement). The app raises its flag by the same rule.
 */
export function intervalTargetMissed(points: readonly Pick<Point, 'stats'>[], plan: Pick<RunPlan, 'protocol'>): boolean {
  const target = Math.min(plan.protocol.targetRelCi, DEFAULT_PROTOCOL.targetRelCi);
  return points.some((p) => p.stats.relCiHalfWidth > target);
}

/** Flags of `result`, derived from its evidence (see VALIDITY_FLAGS). */
export function validityFlags(result: RunResult, ctx: FlagContext): ValidityFlag[] {
  const flags: ValidityFlag[] = [];
  const env = result.environment;
  const adapter = env.adapter;
  const adapterText = adapter ? `${adapter.vendor} ${adapter.architecture} ${adapter.device} ${adapter.description}` : '';
  if (env.executionProvider === 'webgpu' && adapter && (adapter.isFallbackAdapter || SOFTWARE_ADAPTER.test(adapterText)))
    flags.push('fallbackAdapter');
  if (env.executionProvider !== env.requestedProvider) flags.push('providerFallback');
  // Only the page can see these; reporting them can only hurt the sender, so they are believed.
  if (result.flags.backgrounded) flags.push('backgrounded');
  const planned = result.plan.batches.length;
  if (result.points.some((p) => driftTest(p.samplesMs, planned)?.drifting)) flags.push('drift');
  if (result.flags.deviceLost || result.points.length < planned) flags.push('deviceLost');
  if (result.flags.emulated || env.emulation) flags.push('emulated');
  if (
    result.points.some(
      (p) => p.samplesMs.length >= 3 && medianAbsoluteDeviation(p.samplesMs) <= ZERO_VARIANCE_REL_MAD * median(p.samplesMs),
    )
  )
    flags.push('zeroVariance');
  const implausible = result.points.some((p) => {
    const m = median(p.samplesMs);
    if (!(m > 0.001)) return true;
    if (ctx.parameters === null || ctx.parameters <= 0) return false;
    return minimumFlops(result, ctx.parameters, p.batchSize, ctx.tokens ?? null) / (m / 1000) > PLAUSIBLE_FLOPS;
  });
  if (implausible) flags.push('implausibleSpeed');
  if (ctx.requestUserAgent !== null) {
    const header = ctx.requestUserAgent;
    if (osFamily(header, '') !== osFamily(env.userAgent, '') || browserOf(header).family !== browserOf(env.userAgent).family)
      flags.push('deviceMismatch');
  }
  if (intervalTargetMissed(result.points, result.plan)) flags.push('ciNotReached');
  if (env.executionProvider === 'wasm' && env.threads === 1 && env.threadsRequested !== 1) flags.push('singleThreaded');
  return flags;
}
