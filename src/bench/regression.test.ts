import { describe, expect, it } from 'vitest';
import { linearFit, pearson, ranks, spearman } from './regression.ts';

describe('correlation and linear fit against hand-computed values', () => {
  const x = [1, 2, 3, 4, 5];
  const y = [2, 4, 5, 4, 5];

  it('pearson', () => {
    expect(pearson(x, y)).toBeCloseTo(6 / Math.sqrt(60), 12);
    expect(pearson([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNaN();
  });

  it('ranks average ties', () => {
    expect(ranks([2, 4, 5, 4, 5])).toEqual([1, 2.5, 4.5, 2.5, 4.5]);
  });

  it('spearman uses tied ranks', () => {
    expect(spearman(x, y)).toBeCloseTo(7 / Math.sqrt(90), 12);
    expect(spearman([1, 2, 3, 4], [1, 8, 27, 64])).toBeCloseTo(1, 12);
  });

  it('least-squares fit of latency on batch size', () => {
    const fit = linearFit(x, y);
    expect(fit.perItemMs).toBeCloseTo(0.6, 12);
    expect(fit.fixedMs).toBeCloseTo(2.2, 12);
    expect(fit.r2).toBeCloseTo(0.6, 12);
  });

  it('an exact line has R^2 = 1', () => {
    const fit = linearFit([1, 2, 4, 8], [12, 14, 18, 26]);
    expect(fit).toEqual({ fixedMs: 10, perItemMs: 2, r2: 1 });
  });

  it('rejects mismatched lengths', () => {
    expect(() => pearson([1, 2], [1])).toThrow(/differ|but/);
  });
});
