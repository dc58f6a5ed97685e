// Crowd figures from stored results (pure; runs everywhere: the server's aggregates, the app's tests, the recompute
// script). One source, one voice: a source's results (one network's, server/http/source.ts) first become their own
// median, and the crowd median is the median of those, with a distribution-free 95% interval from order statistics
// (median-interval.ts) when there are enough sources for one; with fewer, the figure says so. A thousand results from
// one script move a crowd median by at most one source's worth.
import { orderStatisticRank, type Interval } from './median-interval.ts';
import { median } from './stats.ts';

/** The level of a crowd median's interval. Nothing stops a crowd early, so the nominal level is the real one. */
export const CROWD_LEVEL = 0.95;

/** The fewest values (sources) with a 95% interval of their median: [min, max] of 6 covers it with probability 1 − 2⁻⁵. */
export const MIN_CROWD_RESULTS = (() => {
  let n = 1;
  while (orderStatisticRank(n, CROWD_LEVEL) < 1) n++;
  return n;
})();

export interface CrowdMedian {
  median: number;
  /** 95% interval of the median; null with fewer than MIN_CROWD_RESULTS values. */
  ci95: Interval | null;
  n: number;
}

/** One result's median and where it came from. */
export interface SourcedValue {
  ms: number;
  /** Its source (a network's keyed hash); results with none each count as a source of their own. */
  source: string;
}

export interface CrowdFigure {
  /** Median of the sources' medians. */
  median: number;
  /** 95% interval of it over sources; null with fewer than MIN_CROWD_RESULTS sources. */
  ci95: Interval | null;
  /** Results behind it. */
  results: number;
  /** Distinct sources behind it: the n of the median and its interval. */
  sources: number;
}

/** The ranks (1-based, ascending) a crowd figure over `n` values reads: the median's two middle ones (the same one
 *  twice when n is odd) and, with enough values, the interval's ends. A database can answer them without sending the
 *  values (server/store/crowd-sources.ts). */
export function crowdRanks(n: number): { median: [number, number]; ci95: [number, number] | null } {
  const k = n >= MIN_CROWD_RESULTS ? Math.max(1, orderStatisticRank(n, CROWD_LEVEL)) : 0;
  return { median: [(n + 1) >> 1, (n >> 1) + 1], ci95: k > 0 ? [k, n - k + 1] : null };
}

/** The crowd median of `n` ascending values read by rank (`at(1)` the smallest): stats.ts median's arithmetic (the
 *  type-7 quantile at 1/2: the lower middle plus half the step to the upper), and the interval from order statistics
 *  (median-interval.ts). */
export function crowdMedianAt(n: number, at: (rank: number) => number): CrowdMedian {
  if (n === 0) return { median: NaN, ci95: null, n: 0 };
  const r = crowdRanks(n);
  const lo = at(r.median[0]);
  const hi = at(r.median[1]);
  return {
    median: lo + (hi - lo) * (n % 2 === 0 ? 0.5 : 0),
    ci95: r.ci95 ? { lo: at(r.ci95[0]), hi: at(r.ci95[1]) } : null,
    n,
  };
}

/** The crowd median of some results' medians. */
export function crowdMedian(values: readonly number[]): CrowdMedian {
  const ascending = [...values].sort((a, b) => a - b);
  return crowdMedianAt(ascending.length, (rank) => ascending[rank - 1] as number);
}

/** Each source's median, one value per source. */
export function sourceMedians(values: readonly SourcedValue[]): number[] {
  const by = new Map<string, number[]>();
  for (const v of values) by.set(v.source, [...(by.get(v.source) ?? []), v.ms]);
  return [...by.values()].map((ms) => median(ms));
}

/** The crowd figure of some results: one voice per source. */
export function crowdFigure(values: readonly SourcedValue[]): CrowdFigure {
  const c = crowdMedian(sourceMedians(values));
  return { median: c.median, ci95: c.ci95, results: values.length, sources: c.n };
}
