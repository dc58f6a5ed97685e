// The operators lab's comparison (main thread, pure): each variant's total latency on every tier from its measured
// curve, the pick per tier under a latency budget with the accuracy it costs (and that cost's interval), the Pareto
// front per tier, and whether the literature's three claims hold for this model on this device.
import { pairedDifference } from '../accuracy/paired.ts';
import { paretoFront } from '../accuracy/pareto.ts';
import { tierLatency, type LatencyCurve, type Payload, type Tier, type TierLatency } from '../tiers/tier-model.ts';
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
  /**
   * Per row, right (against the label, or fp32's argmax when there is no accuracy) or not: the same rows for every
   * variant, so two variants compare pairwise. Null when the model has no [batch, classes] output.
   */
  outcomes: boolean[] | null;
  /** The measured median per batch size with its 95% interval on this device. */
  latency: { batch: number; median: number; lo: number; hi: number }[];
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
 * Difference of two qualities (best − pick). Both variants scored the same rows, so when both have per-row outcomes
 * the difference is paired: McNemar's exact test and Newcombe's paired interval (src/bench/accuracy/paired.ts).
 * Otherwise Newcombe's hybrid interval from the two Wilson intervals, or a point estimate only.
 */
export function accuracyCost(
  best: LabMeasure,
  pick: LabMeasure,
): { value: number; ci95: Interval | null; paired?: { p: number; onlyBest: number; onlyPick: number } } {
  if (best.outcomes && pick.outcomes && best.outcomes.length === pick.outcomes.length && best.outcomes.length > 0) {
    const d = pairedDifference(best.outcomes, pick.outcomes);
    return { value: d.value, ci95: d.ci95, paired: { p: d.p, onlyBest: d.onlyFirst, onlyPick: d.onlySecond } };
  }
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
  cost: ReturnType<typeof accuracyCost> | null;
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

export type Verdict = 'holds' | 'does not hold' | 'not decided' | 'depends on the network' | 'untested';

export interface Claim {
  claim: string;
  verdict: Verdict;
  because: string;
}

/** What the claims are judged on besides the variants: the tiers, the batch, the budget and a sweep of networks. */
export interface ClaimContext {
  tiers: readonly Tier[];
  batch: number;
  budgetMs: number;
  payload: Payload;
  /** The cloud tier over each network of the sweep, slowest first (3G to wired). */
  sweep: readonly { network: string; cloud: Tier }[];
}

const ms = (x: number) => `${x < 10 ? x.toFixed(2) : x.toFixed(1)} ms`;
const isStaticHybrid = (v: LabMeasure) => v.distilled && v.kinds.includes('static-int8');
const signedPct = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(1)}`;

/** This device's measured median at `batch` with its 95% interval (the nearest measured batch when not measured). */
function deviceInterval(v: LabMeasure, batch: number): { median: number; lo: number; hi: number } | null {
  const points = [...v.latency].sort((a, b) => Math.abs(a.batch - batch) - Math.abs(b.batch - batch));
  return points[0] ?? null;
}

/**
 * A variant's total on a tier with an interval: the compute part scales with this device's measured interval (a
 * tier computed from a crowd curve does not), the network part is the tier model's.
 */
export function totalInterval(v: LabMeasure, tier: Tier, payload: Payload, batch: number): Interval & { ms: number } {
  const t = tierLatency(tier, v.curve, payload, batch);
  const d = deviceInterval(v, batch);
  if (!d || d.median <= 0 || tier.compute.kind === 'curve') return { ms: t.totalMs, lo: t.totalMs, hi: t.totalMs };
  return {
    ms: t.totalMs,
    lo: t.totalMs - t.computeMs * (1 - d.lo / d.median),
    hi: t.totalMs + t.computeMs * (d.hi / d.median - 1),
  };
}

/** 'better', 'worse' or null (not shown) for x against y on the same rows, with the paired difference in words. */
function qualityVs(x: LabMeasure, y: LabMeasure): { outcome: 'better' | 'worse' | null; words: string } {
  const c = accuracyCost(x, y);
  if (!c.ci95) return { outcome: null, words: `no per-row outcomes to compare ${x.label} with ${y.label}` };
  const words = `${x.label} − ${y.label}: ${signedPct(c.value)} points (95% CI ${signedPct(c.ci95.lo)} to ${signedPct(c.ci95.hi)}${c.paired ? `, McNemar p = ${c.paired.p.toFixed(3)}` : ''})`;
  return { outcome: c.ci95.lo > 0 ? 'better' : c.ci95.hi < 0 ? 'worse' : null, words };
}

const RANK: Verdict[] = ['does not hold', 'not decided', 'untested', 'holds'];
const worst = (vs: readonly Verdict[]) => RANK.find((r) => vs.includes(r)) ?? 'untested';

/** Distillation on one constrained tier: the best distilled variant within the budget against the best other one. */
function distillationOn(variants: readonly LabMeasure[], tier: Tier, ctx: ClaimContext): { verdict: Verdict; because: string } {
  const where = tier.id === 'mobile' ? 'this device' : 'the edge';
  const fits = (v: LabMeasure) => {
    const t = totalInterval(v, tier, ctx.payload, ctx.batch);
    return t.hi <= ctx.budgetMs ? 'yes' : t.lo > ctx.budgetMs ? 'no' : 'maybe';
  };
  const best = (vs: LabMeasure[]) => [...vs].sort((a, b) => qualityOf(b) - qualityOf(a))[0];
  const d = best(variants.filter((v) => v.distilled && fits(v) !== 'no'));
  const n = best(variants.filter((v) => !v.distilled && fits(v) !== 'no'));
  if (!d && !n) return { verdict: 'untested', because: `on ${where} no variant fits ${ms(ctx.budgetMs)}: raise the budget` };
  if (!d)
    return { verdict: 'does not hold', because: `on ${where} no distilled variant fits ${ms(ctx.budgetMs)}; ${n!.label} does` };
  if (!n)
    return fits(d) === 'yes'
      ? { verdict: 'holds', because: `on ${where} only distilled variants fit ${ms(ctx.budgetMs)}` }
      : { verdict: 'not decided', because: `on ${where} ${d.label}'s latency interval straddles the budget` };
  const q = qualityVs(d, n);
  if (q.outcome === 'better') return { verdict: 'holds', because: `on ${where} ${q.words}` };
  if (q.outcome === 'worse')
    return fits(n) === 'yes'
      ? { verdict: 'does not hold', because: `on ${where} ${q.words}` }
      : { verdict: 'not decided', because: `on ${where} ${q.words}, but ${n.label}'s latency interval straddles the budget` };
  return { verdict: 'not decided', because: `on ${where} ${q.words}: the interval includes 0` };
}

/**
 * The literature's three claims, judged on the evidence of this run: each holds only when the intervals exclude the
 * opposite, and says "not decided" when they overlap. (1) Distillation wins on the constrained tiers: on this device
 * and the edge, the best distilled variant within the budget is more accurate than the best other one (a paired
 * difference on the same rows), or is the only kind that fits. (2) Distillation + static PTQ is best when latency
 * matters most: its measured interval here lies below every other variant's. (3) The cloud wins for small-input text
 * models: the fp32 base's end-to-end interval in the cloud lies below its interval here, over each network of a sweep
 * from 3G to wired; where the answer changes with the network, the verdict says where it flips.
 */
export function literatureClaims(variants: readonly LabMeasure[], baseId: string, ctx: ClaimContext): Claim[] {
  const distilledClaim = 'Distillation wins on the constrained tiers';
  const constrained = ctx.tiers.filter((t) => t.id === 'mobile' || t.id === 'edge');
  let first: Claim;
  if (!variants.some((v) => v.distilled))
    first = {
      claim: distilledClaim,
      verdict: 'untested',
      because: 'no distilled variant was measured (this model has no student in the catalog)',
    };
  else {
    const per = constrained.map((t) => distillationOn(variants, t, ctx));
    first = { claim: distilledClaim, verdict: worst(per.map((p) => p.verdict)), because: per.map((p) => p.because).join('; ') };
  }

  const hybridClaim = 'Distillation + static PTQ is best when latency matters most';
  const hybrid = variants.find(isStaticHybrid);
  let second: Claim;
  const here = (v: LabMeasure) => deviceInterval(v, ctx.batch);
  const h = hybrid ? here(hybrid) : null;
  if (!hybrid || !h)
    second = { claim: hybridClaim, verdict: 'untested', because: 'the distilled + static int8 hybrid was not measured' };
  else {
    const others = variants.filter((v) => v !== hybrid).flatMap((v) => (here(v) ? [{ v, i: here(v)! }] : []));
    const faster = others.filter((o) => o.i.hi < h.lo);
    const overlapping = others.filter((o) => !(o.i.hi < h.lo) && !(h.hi < o.i.lo));
    const range = (i: { median: number; lo: number; hi: number }) => `${ms(i.median)} (${ms(i.lo)}–${ms(i.hi)})`;
    second = faster.length
      ? {
          claim: hybridClaim,
          verdict: 'does not hold',
          because: `${faster.map((o) => `${o.v.label} ${range(o.i)}`).join(', ')} ${faster.length === 1 ? 'is' : 'are'} faster than ${hybrid.label} ${range(h)} here`,
        }
      : overlapping.length
        ? {
            claim: hybridClaim,
            verdict: 'not decided',
            because: `${hybrid.label} ${range(h)} overlaps ${overlapping.map((o) => `${o.v.label} ${range(o.i)}`).join(', ')} here`,
          }
        : {
            claim: hybridClaim,
            verdict: 'holds',
            because: `${hybrid.label} ${range(h)} is below every other variant's interval here`,
          };
  }

  const cloudClaim = 'The cloud wins for small-input text models';
  const base = variants.find((v) => v.id === baseId);
  const mobile = ctx.tiers.find((t) => t.id === 'mobile');
  let third: Claim;
  if (!base || !mobile || ctx.sweep.length === 0)
    third = { claim: cloudClaim, verdict: 'untested', because: 'the fp32 base was not measured' };
  else {
    const local = totalInterval(base, mobile, ctx.payload, ctx.batch);
    const per = ctx.sweep.map(({ network, cloud }) => {
      const c = totalInterval(base, cloud, ctx.payload, ctx.batch);
      const outcome = c.hi < local.lo ? 'cloud' : c.lo > local.hi ? 'here' : 'unclear';
      return { network, outcome, ms: c.ms };
    });
    const wins = per.filter((p) => p.outcome === 'cloud').map((p) => p.network);
    const loses = per.filter((p) => p.outcome === 'here').map((p) => p.network);
    const detail = `fp32 here ${ms(local.ms)}; in the cloud ${per.map((p) => `${ms(p.ms)} over ${p.network}`).join(', ')}`;
    third =
      wins.length && loses.length
        ? {
            claim: cloudClaim,
            verdict: 'depends on the network',
            because: `the cloud wins over ${wins.join(', ')} and loses over ${loses.join(', ')} (${detail})`,
          }
        : wins.length === per.length
          ? { claim: cloudClaim, verdict: 'holds', because: `on every network of the sweep (${detail})` }
          : loses.length === per.length
            ? { claim: cloudClaim, verdict: 'does not hold', because: `on no network of the sweep (${detail})` }
            : { claim: cloudClaim, verdict: 'not decided', because: `the intervals overlap on some networks (${detail})` };
  }
  return [first, second, third];
}

/** One sentence for the page: the three claims and their verdicts. */
export function verdictSentence(claims: readonly Claim[]): string {
  return claims.map((c) => `${c.claim}: ${c.verdict === 'untested' ? 'not tested' : c.verdict} (${c.because}).`).join(' ');
}
