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

interface BootstrapOptions {
  level?: number;
  resamples?: number;
  seed?: number;
}

/** The percentile bootstrap: `statistic` of `resamples` draws with replacement, and the (1 - level) / 2 and
 *  (1 + level) / 2 quantiles of those. A draw is reused between calls: `statistic` may reorder it. */
function percentileBootstrap(
  values: ArrayLike<number>,
  statistic: (draw: Float64Array) => number,
  { level = 0.95, resamples = 1000, seed = 0x5eed }: BootstrapOptions,
): Interval {
  const n = values.length;
  if (n === 0) return { lo: NaN, hi: NaN };
  const random = mulberry32(seed);
  const data = Array.from(values);
  const stats = new Float64Array(resamples);
  const draw = new Float64Array(n);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < n; i++) draw[i] = data[Math.floor(random() * n)] as number;
    stats[r] = statistic(draw);
  }
  const s = sorted(stats);
  return { lo: quantileSorted(s, (1 - level) / 2), hi: quantileSorted(s, (1 + level) / 2) };
}

/** Percentile bootstrap interval of the median (1,000 resamples unless told). */
export function bootstrapMedianCi(values: ArrayLike<number>, options: BootstrapOptions = {}): Interval {
  if (values.length === 1) return { lo: values[0] as number, hi: values[0] as number };
  return percentileBootstrap(
    values,
    (draw) => {
      const n = draw.length;
      draw.sort();
      return n % 2 ? (draw[(n - 1) / 2] as number) : ((draw[n / 2 - 1] as number) + (draw[n / 2] as number)) / 2;
    },
    options,
  );
}

/** Percentile bootstrap interval of the mean (e.g. of per-problem pass@k, resampling problems; 2,000 resamples unless
 *  told). */
export function bootstrapMeanCi(values: ArrayLike<number>, options: BootstrapOptions = {}): Interval {
  return percentileBootstrap(
    values,
    (draw) => {
      let sum = 0;
      for (let i = 0; i < draw.length; i++) sum += draw[i] as number;
      return sum / draw.length;
    },
    { resamples: 2000, ...options },
  );
}

/** Half-width of an interval relative to a centre value: 0.05 means plus or minus 5%. */
export function relativeHalfWidth(ci: Interval, centre: number): number {
  if (!(centre > 0)) return Infinity;
  return (ci.hi - ci.lo) / 2 / centre;
}
