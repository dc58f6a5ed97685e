import { describe, expect, it } from 'vitest';
import { mean, median, quantile, standardDeviation, summarize, tukeyOutliers } from './stats.ts';

describe('descriptive statistics against hand-computed values', () => {
  const data = [2, 4, 4, 4, 5, 5, 7, 9];

  it('mean and sample standard deviation', () => {
    expect(mean(data)).toBe(5);
    expect(standardDeviation(data)).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(standardDeviation([3])).toBe(0);
    expect(mean([])).toBeNaN();
  });

  it('median of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('quantiles interpolate like numpy (type 7)', () => {
    expect(quantile([1, 2, 3, 4], 0.9)).toBeCloseTo(3.7, 12);
    expect(quantile([1, 2, 3, 4], 0)).toBe(1);
    expect(quantile([1, 2, 3, 4], 1)).toBe(4);
    expect(quantile([10], 0.99)).toBe(10);
  });

  it('counts Tukey outliers', () => {
    expect(tukeyOutliers([1, 2, 3, 4, 100])).toBe(1);
    expect(tukeyOutliers([1, 2, 3, 4, 5])).toBe(0);
  });

  it('summarize gathers all figures', () => {
    const s = summarize([5, 1, 3, 2, 4]);
    expect(s).toMatchObject({ n: 5, min: 1, max: 5, median: 3, p50: 3, mean: 3 });
    expect(s.p90).toBeCloseTo(4.6, 12);
    expect(s.p99).toBeCloseTo(4.96, 12);
  });
});
