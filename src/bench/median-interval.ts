// Distribution-free confidence interval of the median from order statistics (pure; runs everywhere). Deterministic,
// so the server recomputes exactly what the app reported, with no resampling and nothing to seed.
import { sorted } from './stats.ts';

export interface Interval {
  lo: number;
  hi: number;
}

/**
 * Nominal level of the order statistics behind the reported "95%" interval. At a fixed sample count the interval
 * [x(k), x(n-k+1)] covers the median with probability at least its nominal level for any continuous distribution.
 * The adaptive stop rule (stop once the interval is narrow, or at the time cap) costs about two points of coverage,
 * so the interval is built at 97% to keep at least 95% in the seeded simulation (docs/measurement.md).
 */
export const INTERVAL_NOMINAL_LEVEL = 0.97;

/**
 * The largest k (1-based) such that P(Binomial(n, 1/2) <= k - 1) <= (1 - level) / 2, or 0 when even [min, max] is
 * short of `level` (n too small). The interval is then [x(k), x(n - k + 1)].
 */
export function orderStatisticRank(n: number, level = INTERVAL_NOMINAL_LEVEL): number {
  const tail = (1 - level) / 2;
  // Binomial(n, 1/2) probabilities in log space: 2^-n underflows for n > 1074.
  let logP = -n * Math.LN2;
  let cdf = 0;
  let k = 0;
  for (let i = 0; i < n; i++) {
    cdf += Math.exp(logP);
    if (cdf > tail) break;
    k = i + 1;
    logP += Math.log((n - i) / (i + 1));
  }
  return k;
}

/** Interval of the median at `level` from ascending-sorted values; [min, max] when there are too few for `level`. */
export function medianIntervalSorted(ascending: readonly number[], level = INTERVAL_NOMINAL_LEVEL): Interval {
  const n = ascending.length;
  if (n === 0) return { lo: NaN, hi: NaN };
  const k = Math.max(1, orderStatisticRank(n, level));
  return { lo: ascending[k - 1] as number, hi: ascending[n - k] as number };
}

export function medianInterval(values: ArrayLike<number>, level = INTERVAL_NOMINAL_LEVEL): Interval {
  return medianIntervalSorted(sorted(values), level);
}

/** Whether `n` samples are enough for a real interval at `level` (not just [min, max]). */
export function intervalPossible(n: number, level = INTERVAL_NOMINAL_LEVEL): boolean {
  return orderStatisticRank(n, level) >= 1;
}

/**
 * The larger of the interval's two half-widths relative to the centre: 0.05 means neither end is more than 5% from
 * the median. Infinity for a centre that is not positive.
 */
export function relativeHalfWidth(ci: Interval, centre: number): number {
  if (!(centre > 0)) return Infinity;
  return Math.max(centre - ci.lo, ci.hi - centre) / centre;
}
