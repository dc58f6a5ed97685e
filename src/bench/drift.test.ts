import { describe, expect, it } from 'vitest';
import { DRIFT_RUN_ALPHA, driftAlpha, driftTest, erfc, twoSidedP } from './drift.ts';

describe('drift test', () => {
  it('erfc and p-values match tables', () => {
    expect(erfc(0)).toBeCloseTo(1, 7);
    expect(erfc(1)).toBeCloseTo(0.157299207, 7);
    expect(erfc(-1)).toBeCloseTo(1.842700793, 7);
    expect(twoSidedP(1.959964)).toBeCloseTo(0.05, 6);
    expect(twoSidedP(-2.575829)).toBeCloseTo(0.01, 6);
  });

  it('matches scipy.stats.mannwhitneyu (two-sided, asymptotic, no continuity correction)', () => {
    // scipy 1.17: mannwhitneyu([6,7,8,9,10,11], [1,2,3,4,5,12], use_continuity=False, method='asymptotic')
    //   -> statistic 30, p = 0.054663935891675
    // Here the halves are [first, later] in time order; z is positive when later samples are slower.
    const t = driftTest([6, 7, 8, 9, 10, 11, 1, 2, 3, 4, 5, 12], 1)!;
    expect(t.n).toEqual([6, 6]);
    expect(t.pValue).toBeCloseTo(0.0546639359, 6);
    expect(t.z).toBeLessThan(0);
    expect(t.ratio).toBeCloseTo(3.5 / 8.5);
  });

  it('corrects for ties: all equal is no evidence of drift', () => {
    const t = driftTest(Array(20).fill(5), 1)!;
    expect(t.z).toBe(0);
    expect(t.drifting).toBe(false);
    // scipy 1.17: mannwhitneyu([1,1,1,2,2], [2,2,3,3,3], use_continuity=False, method='asymptotic') -> p = 0.0201367516
    expect(driftTest([1, 1, 1, 2, 2, 2, 2, 3, 3, 3], 1)!.pValue).toBeCloseTo(0.0201367516, 6);
  });

  it('splits the run-level level between batch sizes, and needs ten samples', () => {
    expect(driftAlpha(6)).toBeCloseTo(DRIFT_RUN_ALPHA / 6);
    expect(driftTest([1, 2, 3, 4, 5, 6, 7, 8, 9], 1)).toBeNull();
    const rising = Array.from({ length: 40 }, (_, i) => 10 + i);
    expect(driftTest(rising, 6)!.drifting).toBe(true);
  });

  it('a significant change under 5% is not drift', () => {
    // 200 samples, the second half 2% slower with little noise: p is tiny, the change too small to matter.
    const small = Array.from({ length: 200 }, (_, i) => (i < 100 ? 10 : 10.2) + ((i * 7) % 10) * 0.001);
    const t = driftTest(small, 1)!;
    expect(t.pValue).toBeLessThan(1e-6);
    expect(t.ratio).toBeCloseTo(1.02, 3);
    expect(t.drifting).toBe(false);
    const large = small.map((x, i) => (i < 100 ? x : x * 1.05));
    expect(driftTest(large, 1)!.drifting).toBe(true);
  });
});
