import { describe, expect, it } from 'vitest';
import { dominates, paretoFront, type Objective } from './pareto.ts';

interface P {
  acc: number;
  ms: number;
  mb?: number;
}
const accLatency: Objective<P>[] = [
  { value: (p) => p.acc, better: 'max' },
  { value: (p) => p.ms, better: 'min' },
];

describe('paretoFront', () => {
  it('keeps the non-dominated points of a hand-made set', () => {
    const pts: P[] = [
      { acc: 0.9, ms: 10 }, // front: most accurate
      { acc: 0.85, ms: 5 }, // front
      { acc: 0.8, ms: 6 }, // dominated by 0.85 @ 5
      { acc: 0.7, ms: 2 }, // front: fastest
      { acc: 0.7, ms: 3 }, // dominated by 0.7 @ 2
      { acc: 0.9, ms: 12 }, // dominated by 0.9 @ 10
    ];
    expect(paretoFront(pts, accLatency)).toEqual([0, 1, 3]);
  });

  it('keeps ties together and a single point alone', () => {
    expect(
      paretoFront(
        [
          { acc: 0.5, ms: 1 },
          { acc: 0.5, ms: 1 },
        ],
        accLatency,
      ),
    ).toEqual([0, 1]);
    expect(paretoFront([{ acc: 0.5, ms: 1 }], accLatency)).toEqual([0]);
    expect(paretoFront([], accLatency)).toEqual([]);
  });

  it('a third objective can bring a dominated point back', () => {
    const pts: P[] = [
      { acc: 0.9, ms: 5, mb: 40 },
      { acc: 0.8, ms: 6, mb: 10 },
    ];
    expect(paretoFront(pts, accLatency)).toEqual([0]);
    expect(paretoFront(pts, [...accLatency, { value: (p) => p.mb ?? 0, better: 'min' }])).toEqual([0, 1]);
  });

  it('dominance needs a strict gain', () => {
    expect(dominates({ acc: 1, ms: 1 }, { acc: 1, ms: 1 }, accLatency)).toBe(false);
    expect(dominates({ acc: 1, ms: 1 }, { acc: 1, ms: 2 }, accLatency)).toBe(true);
  });
});
