// The operators lab's comparison (main thread, pure): each variant's total latency on every tier from its measured
// curve, the pick per tier under a latency budget with the accuracy it costs (and that cost's interval), the Pareto
// front per tier, and whether the literature's three claims hold for this model on this device.
import { paretoFront } from '../../bench/accuracy/pareto.ts';
import { tierLatency, type LatencyCurve, type Payload, type Tier, type TierLatency } from '../../bench/tiers/tier-model.ts';
import type { OperatorKind } from '../../shared/operators.ts';

export interface Interval {
  lo: number;
  hi: number;
}

/** One variant as the lab measured it on this device. */
export interface LabMeasure {
  id: string;
  label: string;
  distilled: boolean;
  kinds: OperatorKind[];
  bytes: number;
  /** Accuracy on the labelled set with its Wilson interval; null when the model's labels do not match the set's. */
  accuracy: { value: number; ci95: Interval } | null;
  /** argmax agreement with the fp32 base (1 for the base itself). */
  agreement: number;
  curve: LatencyCurve;
}

/** What a variant is judged on: accuracy when measured, else agreement with the fp32 base. */
export const qualityOf = (v: LabMeasure): number => v.accuracy?.value ?? v.agreement;

/** Total latency of every variant on every tier at `batch`. */
export function tierMatrix(
  variants: readonly LabMeasure[],
  tiers: readonly Tier[],
  payload: Payload,
  batch: number,
): Map<string, TierLatency[]> {
  return new Map(variants.map((v) => [v.id, tiers.map((t) => tierLatency(t, v.curve, payload, batch))]));
}

const totalOn = (matrix: Map<string, TierLatency[]>, id: string, tier: string) =>
  matrix.get(id)?.find((l) => l.tier === tier)?.totalMs ?? Infinity;

/**
 * Difference of two accuracies (best − pick) with Newcombe's hybrid interval built from their Wilson intervals; a
 * point estimate only when either has no interval.
 */
export function accuracyCost(best: LabMeasure, pick: LabMeasure): { value: number; ci95: Interval | null } {
  const value = qualityOf(best) - qualityOf(pick);
  if (!best.accuracy || !pick.accuracy) return { value, ci95: null };
  const a = best.accuracy;
  const b = pick.accuracy;
  const lo = value - Math.sqrt((a.value - a.ci95.lo) ** 2 + (b.ci95.hi - b.value) ** 2);
  const hi = value + Math.sqrt((a.ci95.hi - a.value) ** 2 + (b.value - b.ci95.lo) ** 2);
  return { value, ci95: { lo, hi } };
}

export interface TierPick {
  tier: string;
  /** The most accurate variant within the budget on this tier (ties to the faster); null when none fits. */
  pick: string | null;
  pickMs: number | null;
  /** What the pick gives up against the most accurate variant overall. */
  cost: { value: number; ci95: Interval | null } | null;
  /** The fastest variant on this tier, for when nothing fits. */
  fastest: string;
  fastestMs: number;
}

export function tierPicks(
  variants: readonly LabMeasure[],
  tiers: readonly Tier[],
  matrix: Map<string, TierLatency[]>,
  budgetMs: number,
): TierPick[] {
  const best = [...variants].sort((a, b) => qualityOf(b) - qualityOf(a))[0];
  return tiers.map((t) => {
    const ms = (v: LabMeasure) => totalOn(matrix, v.id, t.id);
    const byTime = [...variants].sort((a, b) => ms(a) - ms(b));
    const fastest = byTime[0] as LabMeasure;
    const within = variants.filter((v) => ms(v) <= budgetMs).sort((a, b) => qualityOf(b) - qualityOf(a) || ms(a) - ms(b));
    const pick = within[0];
    return {
      tier: t.id,
      pick: pick?.id ?? null,
      pickMs: pick ? ms(pick) : null,
      cost: pick && best ? accuracyCost(best, pick) : null,
      fastest: fastest.id,
      fastestMs: ms(fastest),
    };
  });
}

/** Ids on each tier's latency/quality Pareto front. */
export function tierFronts(
  variants: readonly LabMeasure[],
  tiers: readonly Tier[],
  matrix: Map<string, TierLatency[]>,
): Map<string, Set<string>> {
  return new Map(
    tiers.map((t) => [
      t.id,
      new Set(
        paretoFront(variants, [
          { value: (v) => totalOn(matrix, v.id, t.id), better: 'min' },
          { value: qualityOf, better: 'max' },
        ]).map((i) => (variants[i] as LabMeasure).id),
      ),
    ]),
  );
}

export interface Claim {
  claim: string;
  verdict: 'holds' | 'does not hold' | 'untested';
  because: string;
}

const isStaticHybrid = (v: LabMeasure) => v.distilled && v.kinds.includes('static-int8');
const ms = (x: number) => `${x < 10 ? x.toFixed(2) : x.toFixed(1)} ms`;

/**
 * The literature's three claims, checked on this run: distillation wins on the constrained tiers (the picks on this
 * device and the edge are distilled); distillation + static PTQ is best when latency matters most (it is the fastest
 * variant on this device); the cloud wins for small-input text models (the fp32 base is faster end to end in the
 * cloud than here).
 */
export function literatureClaims(
  variants: readonly LabMeasure[],
  picks: readonly TierPick[],
  matrix: Map<string, TierLatency[]>,
  baseId: string,
): Claim[] {
  const label = (id: string | null) => variants.find((v) => v.id === id)?.label ?? 'none';
  const distilled = variants.some((v) => v.distilled);
  const constrained = picks.filter((p) => p.tier === 'mobile' || p.tier === 'edge');
  const first: Claim = !distilled
    ? {
        claim: 'Distillation wins on the constrained tiers',
        verdict: 'untested',
        because: 'no distilled variant was measured (this model has no student in the catalog)',
      }
    : constrained.some((p) => p.pick === null)
      ? {
          claim: 'Distillation wins on the constrained tiers',
          verdict: 'untested',
          because: 'no variant fits the latency budget on a constrained tier: raise the budget',
        }
      : {
          claim: 'Distillation wins on the constrained tiers',
          verdict: constrained.every((p) => variants.find((v) => v.id === p.pick)?.distilled) ? 'holds' : 'does not hold',
          because: constrained
            .map((p) => `${p.tier === 'mobile' ? 'this device' : 'the edge'} picks ${label(p.pick)}`)
            .join('; '),
        };
  const hybrid = variants.find(isStaticHybrid);
  const mobile = picks.find((p) => p.tier === 'mobile');
  const second: Claim =
    !hybrid || !mobile
      ? {
          claim: 'Distillation + static PTQ is best when latency matters most',
          verdict: 'untested',
          because: 'the distilled + static int8 hybrid was not measured',
        }
      : {
          claim: 'Distillation + static PTQ is best when latency matters most',
          verdict: variants.find((v) => v.id === mobile.fastest) === hybrid ? 'holds' : 'does not hold',
          because: `the fastest on this device is ${label(mobile.fastest)} (${ms(mobile.fastestMs)}); ${hybrid.label} takes ${ms(totalOn(matrix, hybrid.id, 'mobile'))}`,
        };
  const here = totalOn(matrix, baseId, 'mobile');
  const cloud = totalOn(matrix, baseId, 'cloud');
  const third: Claim =
    !Number.isFinite(here) || !Number.isFinite(cloud)
      ? { claim: 'The cloud wins for small-input text models', verdict: 'untested', because: 'the fp32 base was not measured' }
      : {
          claim: 'The cloud wins for small-input text models',
          verdict: cloud < here ? 'holds' : 'does not hold',
          because: `the fp32 base takes ${ms(cloud)} end to end in the cloud and ${ms(here)} on this device`,
        };
  return [first, second, third];
}

/** One sentence for the page: the three claims and their verdicts. */
export function verdictSentence(claims: readonly Claim[]): string {
  return claims.map((c) => `${c.claim}: ${c.verdict === 'untested' ? 'not tested' : c.verdict} (${c.because}).`).join(' ');
}
