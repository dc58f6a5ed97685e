// Bootstrap confidence interval of the median with a seeded generator (pure; runs everywhere).
import { quantileSorted, sorted } from './stats.ts';

/** Small deterministic generator so the same samples always give the same interval. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Interval {
  lo: number;
  hi: number;
}

/**
 * Percentile bootstrap interval of the median: resample with replacement `resamples` times,
 * take the (1 - level) / 2 and (1 + level) / 2 quantiles of the resampled medians.
 */
export function bootstrapMedianCi(
  values: ArrayLike<number>,
  { level = 0.95, resamples = 1000, seed = 0x5eed }: { level?: number; resamples?: number; seed?: number } = {},
): Interval {
  const n = values.length;
  if (n === 0) return { lo: NaN, hi: NaN };
  if (n === 1) return { lo: values[0] as number, hi: values[0] as number };
  const random = mulberry32(seed);
  const data = Array.from(values);
  const medians = new Float64Array(resamples);
  const draw = new Float64Array(n);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < n; i++) draw[i] = data[Math.floor(random() * n)] as number;
    draw.sort();
    medians[r] = n % 2 ? (draw[(n - 1) / 2] as number) : ((draw[n / 2 - 1] as number) + (draw[n / 2] as number)) / 2;
  }
  const s = sorted(medians);
  return { lo: quantileSorted(s, (1 - level) / 2), hi: quantileSorted(s, (1 + level) / 2) };
}

/**
 * Percentile bootstrap interval of the mean (e.g. of per-problem pass@k, resampling problems): resample with
 * replacement `resamples` times and take the (1 - level) / 2 and (1 + level) / 2 quantiles of the resampled means.
 */
export function bootstrapMeanCi(
  values: ArrayLike<number>,
  { level = 0.95, resamples = 2000, seed = 0x5eed }: { level?: number; resamples?: number; seed?: number } = {},
): Interval {
  const n = values.length;
  if (n === 0) return { lo: NaN, hi: NaN };
  const random = mulberry32(seed);
  const data = Array.from(values);
  const means = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += data[Math.floor(random() * n)] as number;
    means[r] = sum / n;
  }
  const s = sorted(means);
  return { lo: quantileSorted(s, (1 - level) / 2), hi: quantileSorted(s, (1 + level) / 2) };
}

/** Half-width of an interval relative to a centre value: 0.05 means plus or minus 5%. */
export function relativeHalfWidth(ci: Interval, centre: number): number {
  if (!(centre > 0)) return Infinity;
  return (ci.hi - ci.lo) / 2 / centre;
}
