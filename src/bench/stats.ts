// Descriptive statistics of latency samples (pure; runs in app, workers, server and CLI).

/** Sorted copy, ascending. */
export function sorted(values: ArrayLike<number>): number[] {
  return Array.from(values).sort((a, b) => a - b);
}

export function mean(values: ArrayLike<number>): number {
  if (values.length === 0) return NaN;
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] as number;
  return sum / values.length;
}

/** Sample standard deviation (n - 1 in the denominator); 0 for fewer than two values. */
export function standardDeviation(values: ArrayLike<number>): number {
  if (values.length < 2) return 0;
  const m = mean(values);
  let ss = 0;
  for (let i = 0; i < values.length; i++) ss += ((values[i] as number) - m) ** 2;
  return Math.sqrt(ss / (values.length - 1));
}

/** Quantile of ascending-sorted values by linear interpolation between order statistics (type 7, as numpy and R). */
export function quantileSorted(ascending: readonly number[], q: number): number {
  if (ascending.length === 0) return NaN;
  const pos = (ascending.length - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = ascending[lo] as number;
  return a + ((ascending[hi] as number) - a) * (pos - lo);
}

export function quantile(values: ArrayLike<number>, q: number): number {
  return quantileSorted(sorted(values), q);
}

export function median(values: ArrayLike<number>): number {
  return quantile(values, 0.5);
}

/** Counts values outside Tukey's fences (1.5 interquartile ranges beyond the quartiles). */
export function tukeyOutliers(values: ArrayLike<number>): number {
  const s = sorted(values);
  const q1 = quantileSorted(s, 0.25);
  const q3 = quantileSorted(s, 0.75);
  const iqr = q3 - q1;
  return s.filter((x) => x < q1 - 1.5 * iqr || x > q3 + 1.5 * iqr).length;
}

export interface Summary {
  n: number;
  min: number;
  max: number;
  mean: number;
  sd: number;
  median: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  outliers: number;
}

/** All descriptive figures of one sample set at once. */
export function summarize(values: ArrayLike<number>): Summary {
  const s = sorted(values);
  return {
    n: s.length,
    min: s[0] ?? NaN,
    max: s[s.length - 1] ?? NaN,
    mean: mean(s),
    sd: standardDeviation(s),
    median: quantileSorted(s, 0.5),
    p50: quantileSorted(s, 0.5),
    p90: quantileSorted(s, 0.9),
    p95: quantileSorted(s, 0.95),
    p99: quantileSorted(s, 0.99),
    outliers: tukeyOutliers(s),
  };
}
