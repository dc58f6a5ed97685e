import { describe, expect, it } from 'vitest';
import { crowdFigure, crowdMedian, crowdMedianAt, CROWD_LEVEL, MIN_CROWD_RESULTS, sourceMedians } from './crowd-stats.ts';
import { medianIntervalSorted } from './median-interval.ts';
import { median } from './stats.ts';

/** P(Binomial(n, 1/2) <= k - 1): the chance that fewer than k of n values fall below the median. */
function binomialTail(n: number, k: number): number {
  let p = 0;
  let term = 0.5 ** n;
  for (let i = 0; i < k; i++) {
    p += term;
    term *= (n - i) / (i + 1);
  }
  return p;
}

describe('crowd medians', () => {
  it('need 6 results for a 95% interval: [min, max] of 5 covers the median with probability 1 − 2/32 < 95%', () => {
    expect(MIN_CROWD_RESULTS).toBe(6);
    expect(1 - 2 * 0.5 ** 5).toBeLessThan(CROWD_LEVEL);
    expect(1 - 2 * 0.5 ** 6).toBeGreaterThanOrEqual(CROWD_LEVEL);
    expect(crowdMedian([1, 2, 3, 4, 5])).toEqual({ median: 3, ci95: null, n: 5 });
    expect(crowdMedian([6, 1, 5, 2, 4, 3])).toEqual({ median: 3.5, ci95: { lo: 1, hi: 6 }, n: 6 });
  });

  it('take the widest order statistics that still hold 95%, worked out from the binomial directly', () => {
    // n = 20: P(B <= 5) = 0.0207 <= 0.025 < P(B <= 6) = 0.0577, so the interval is [x(6), x(15)].
    expect(binomialTail(20, 6)).toBeLessThanOrEqual(0.025);
    expect(binomialTail(20, 7)).toBeGreaterThan(0.025);
    const values = Array.from({ length: 20 }, (_, i) => 20 - i);
    expect(crowdMedian(values)).toEqual({ median: 10.5, ci95: { lo: 6, hi: 15 }, n: 20 });
  });

  it('say nothing of no results', () => {
    expect(crowdMedian([]).n).toBe(0);
    expect(crowdMedian([]).ci95).toBeNull();
  });
});

describe('one source, one voice', () => {
  const honest = Array.from({ length: 20 }, (_, i) => ({ ms: 10 + i, source: `s${i}` }));

  it("takes each source's median first: a thousand results from one source move the median by one source's worth", () => {
    const before = crowdFigure(honest);
    expect(before).toMatchObject({ median: 19.5, results: 20, sources: 20 });
    const flood = Array.from({ length: 1000 }, () => ({ ms: 1, source: 'script' }));
    const after = crowdFigure([...honest, ...flood]);
    // 21 voices: the script's 1 and the honest 10 … 29; the median is the 11th, 19, next to where it was.
    expect(after).toMatchObject({ median: 19, results: 1020, sources: 21 });
    // Pooled as results, the flood would have set the median at 1.
    expect(crowdMedian([...honest, ...flood].map((v) => v.ms)).median).toBe(1);
  });

  it("uses a source's own median, and counts its results", () => {
    expect(
      sourceMedians([
        { ms: 1, source: 'a' },
        { ms: 3, source: 'a' },
        { ms: 10, source: 'b' },
      ]).sort(),
    ).toEqual([10, 2]);
  });

  it('gives the interval over sources, not results', () => {
    const five = Array.from({ length: 50 }, (_, i) => ({ ms: i, source: `s${i % 5}` }));
    expect(crowdFigure(five)).toMatchObject({ results: 50, sources: 5, ci95: null });
  });
});

describe('crowd figures read by rank', () => {
  it('are the median and interval of the values, bit for bit, at every n from 0 to 300', () => {
    let seed = 7;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 100;
    for (let n = 0; n <= 300; n++) {
      const values = Array.from({ length: n }, next);
      const ascending = [...values].sort((a, b) => a - b);
      const c = crowdMedian(values);
      if (n === 0) expect(c.median).toBeNaN();
      else expect(c.median).toBe(median(values));
      expect(c.ci95).toEqual(n >= MIN_CROWD_RESULTS ? medianIntervalSorted(ascending, 0.95) : null);
      expect(crowdMedianAt(n, (r) => ascending[r - 1]!)).toEqual(c);
    }
  });
});
