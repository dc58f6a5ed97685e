import { describe, expect, it } from 'vitest';
import { argmaxRows, classificationMetrics, wilson } from './classification-metrics.ts';

describe('wilson', () => {
  it('matches the textbook interval', () => {
    // 8 of 10 at z = 1.96: centre 0.7171, half-width 0.2231 (Wilson 1927; e.g. Newcombe 1998, method 3).
    const { lo, hi } = wilson(8, 10);
    expect(lo).toBeCloseTo(0.4902, 4);
    expect(hi).toBeCloseTo(0.9433, 4);
  });

  it('stays inside [0, 1] at the extremes and is uninformative with no samples', () => {
    expect(wilson(0, 20).lo).toBe(0);
    expect(wilson(0, 20).hi).toBeCloseTo(0.1611, 4);
    expect(wilson(20, 20).hi).toBe(1);
    expect(wilson(0, 0)).toEqual({ lo: 0, hi: 1 });
  });
});

describe('argmaxRows', () => {
  it('takes the first maximum of each row', () => {
    expect(argmaxRows([0, 2, 1, 5, 5, 0, -1, -2, -3], 3)).toEqual([1, 0, 0]);
  });
});

describe('classificationMetrics', () => {
  // Hand-computed: labels a, b, c; truth a a a b b c, predicted a a b b c c.
  const m = classificationMetrics(
    [0, 0, 0, 1, 1, 2],
    [0, 0, 1, 1, 2, 2],
    ['a', 'b', 'c'],
    ['py', 'py', 'java', 'java', 'c', 'c'],
  );

  it('counts the confusion matrix and accuracy', () => {
    expect(m.confusion).toEqual([
      [2, 1, 0],
      [0, 1, 1],
      [0, 0, 1],
    ]);
    expect(m.correct).toBe(4);
    expect(m.accuracy).toBeCloseTo(4 / 6, 12);
  });

  it('computes per-class precision, recall, F1 and the macro-F1', () => {
    // a: P 2/2, R 2/3, F1 0.8; b: P 1/2, R 1/2, F1 0.5; c: P 1/2, R 1/1, F1 2/3.
    expect(m.perClass.map((c) => [c.precision, c.recall, c.support])).toEqual([
      [1, 2 / 3, 3],
      [0.5, 0.5, 2],
      [0.5, 1, 1],
    ]);
    expect(m.perClass[0]?.f1).toBeCloseTo(0.8, 12);
    expect(m.perClass[2]?.f1).toBeCloseTo(2 / 3, 12);
    expect(m.macroF1).toBeCloseTo((0.8 + 0.5 + 2 / 3) / 3, 12);
  });

  it('breaks accuracy down by group with intervals', () => {
    expect(m.perGroup.map((g) => [g.group, g.correct, g.total])).toEqual([
      ['c', 1, 2],
      ['java', 1, 2],
      ['py', 2, 2],
    ]);
    expect(m.perGroup[2]?.ci95.hi).toBe(1);
  });

  it('leaves classes that never occur out of the macro-F1', () => {
    const only = classificationMetrics([0, 0], [0, 0], ['a', 'b', 'c']);
    expect(only.macroF1).toBe(1);
    expect(only.accuracyCi95.lo).toBeCloseTo(0.3424, 4);
  });

  it('refuses mismatched lengths and out-of-range labels', () => {
    expect(() => classificationMetrics([0], [0, 1], ['a', 'b'])).toThrow(/1 labels but 2 predictions/);
    expect(() => classificationMetrics([2], [0], ['a', 'b'])).toThrow(/out of range/);
  });
});
