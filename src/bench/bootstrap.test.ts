import { describe, expect, it } from 'vitest';
import { bootstrapMedianCi, mulberry32, relativeHalfWidth } from './bootstrap.ts';
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
