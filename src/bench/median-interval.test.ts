import { describe, expect, it } from 'vitest';
import { mulberry32 } from './bootstrap.ts';
import { intervalPossible, medianInterval, orderStatisticRank, relativeHalfWidth } from './median-interval.ts';

/** Exact coverage 1 - 2 P(B <= k - 1) of [x(k), x(n-k+1)], B ~ Binomial(n, 1/2), by summing the probabilities. */
function coverage(n: number, k: number): number {
  let p = 0;
  let c = 1;
  for (let i = 0; i < k; i++) {
    p += c / 2 ** n;
    c = (c * (n - i)) / (i + 1);
  }
  return 1 - 2 * p;
}

describe('order-statistic interval of the median', () => {
  it('matches textbook ranks (95%: n = 10 gives x(2)..x(9), n = 20 gives x(6)..x(15), n = 100 gives x(40)..x(61))', () => {
    expect(orderStatisticRank(10, 0.95)).toBe(2);
    expect(orderStatisticRank(20, 0.95)).toBe(6);
    expect(orderStatisticRank(100, 0.95)).toBe(40);
    expect(orderStatisticRank(5, 0.95)).toBe(0);
    expect(orderStatisticRank(6, 0.95)).toBe(1);
  });

  it('has at least the nominal coverage and is the tightest such rank, for every n up to 300', () => {
    for (let n = 1; n <= 300; n++) {
      const k = orderStatisticRank(n, 0.95);
      if (k >= 1) expect(coverage(n, k)).toBeGreaterThanOrEqual(0.95);
      if (k + 1 <= n / 2) expect(coverage(n, k + 1)).toBeLessThan(0.95);
    }
  });

  it('works for the largest sample counts (no underflow) and agrees with the normal approximation', () => {
    const n = 20000;
    const k = orderStatisticRank(n, 0.95);
    const approx = n / 2 - 1.96 * Math.sqrt(n / 4);
    expect(Math.abs(k - approx)).toBeLessThan(2);
  });

  it('picks order statistics from unsorted data; [min, max] below the minimum count', () => {
    const xs = Array.from({ length: 20 }, (_, i) => 20 - i);
    expect(medianInterval(xs, 0.95)).toEqual({ lo: 6, hi: 15 });
    expect(medianInterval([3, 1, 2], 0.95)).toEqual({ lo: 1, hi: 3 });
    expect(intervalPossible(5, 0.95)).toBe(false);
    expect(intervalPossible(6, 0.95)).toBe(true);
  });

  it('relative half-width is the larger side', () => {
    expect(relativeHalfWidth({ lo: 9, hi: 12 }, 10)).toBeCloseTo(0.2);
    expect(relativeHalfWidth({ lo: 7, hi: 11 }, 10)).toBeCloseTo(0.3);
    expect(relativeHalfWidth({ lo: 1, hi: 2 }, 0)).toBe(Infinity);
  });

  it('covers the median of a skewed distribution at a fixed sample count as often as promised', () => {
    const random = mulberry32(5);
    let covered = 0;
    for (let run = 0; run < 2000; run++) {
      const xs = Array.from({ length: 40 }, () => -Math.log(1 - random()));
      const ci = medianInterval(xs, 0.95);
      if (ci.lo <= Math.LN2 && Math.LN2 <= ci.hi) covered++;
    }
    // Exact coverage at n = 40 is 96.2%; 2,000 runs put the estimate within about ±1%.
    expect(covered / 2000).toBeGreaterThan(0.945);
  });
});
