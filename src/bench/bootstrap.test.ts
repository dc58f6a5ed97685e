import { describe, expect, it } from 'vitest';
import { bootstrapMeanCi, bootstrapMedianCi, mulberry32, relativeHalfWidth } from './bootstrap.ts';
import { median } from './stats.ts';

function noisy(n: number, seed: number): number[] {
  const r = mulberry32(seed);
  return Array.from({ length: n }, () => 100 + (r() - 0.5) * 20);
}

describe('bootstrap interval of the median', () => {
  it('is a point for constant samples', () => {
    expect(bootstrapMedianCi([7, 7, 7, 7])).toEqual({ lo: 7, hi: 7 });
    expect(bootstrapMedianCi([3])).toEqual({ lo: 3, hi: 3 });
  });

  it('contains the sample median and is deterministic for a seed', () => {
    const data = noisy(40, 1);
    const a = bootstrapMedianCi(data);
    expect(a.lo).toBeLessThanOrEqual(median(data));
    expect(a.hi).toBeGreaterThanOrEqual(median(data));
    expect(bootstrapMedianCi(data)).toEqual(a);
  });

  it('narrows as samples grow', () => {
    const small = noisy(10, 2);
    const large = noisy(1000, 2);
    const wSmall = relativeHalfWidth(bootstrapMedianCi(small), median(small));
    const wLarge = relativeHalfWidth(bootstrapMedianCi(large), median(large));
    expect(wLarge).toBeLessThan(wSmall / 2);
  });

  it('covers the true median of a known distribution most of the time', () => {
    // Uniform(90, 110) has median 100; a 95% interval should miss it rarely.
    let covered = 0;
    for (let seed = 1; seed <= 100; seed++) {
      const ci = bootstrapMedianCi(noisy(60, seed * 7919), { resamples: 300 });
      if (ci.lo <= 100 && 100 <= ci.hi) covered++;
    }
    expect(covered).toBeGreaterThanOrEqual(85);
  });

  it('relative half-width', () => {
    expect(relativeHalfWidth({ lo: 95, hi: 105 }, 100)).toBeCloseTo(0.05, 12);
    expect(relativeHalfWidth({ lo: 0, hi: 1 }, 0)).toBe(Infinity);
  });
});

describe('bootstrap interval of the mean', () => {
  it('is a point for constant values and for one value, and repeats with the same seed', () => {
    expect(bootstrapMeanCi([1, 1, 1])).toEqual({ lo: 1, hi: 1 });
    expect(bootstrapMeanCi([0.4])).toEqual({ lo: 0.4, hi: 0.4 });
    const data = noisy(30, 3);
    expect(bootstrapMeanCi(data)).toEqual(bootstrapMeanCi(data));
  });

  it('agrees with the normal interval of a proportion when there are many values', () => {
    // 400 problems, 120 solved: the textbook interval is 0.3 ± 1.96 × sqrt(0.3 × 0.7 / 400) = 0.3 ± 0.0449.
    const solved = Array.from({ length: 400 }, (_, i) => (i < 120 ? 1 : 0));
    const ci = bootstrapMeanCi(solved);
    expect(ci.lo).toBeCloseTo(0.3 - 0.0449, 2);
    expect(ci.hi).toBeCloseTo(0.3 + 0.0449, 2);
  });

  it('stays within the range of the values (a proportion never leaves [0, 1])', () => {
    const ci = bootstrapMeanCi([0, 0, 0, 0, 1]);
    expect(ci.lo).toBe(0);
    expect(ci.hi).toBeLessThanOrEqual(1);
    expect(ci.hi).toBeGreaterThan(0.2);
  });
});
