import { describe, expect, it } from 'vitest';
import type { AggregateRow } from '../../shared/results-api.ts';
import { crowdSpec, MAX_CLASSES } from './crowd-chart-spec.ts';

const axes = { xLog: true, yLog: false };
/** A row; from 6 results on it has an interval (±10% here), as the server gives it. */
const row = (deviceClass: string, batchSize: number, ms: number, count = 6): AggregateRow => ({
  key: 'k',
  work: null,
  deviceClass,
  batchSize,
  medianOfMediansMs: ms,
  ci95: count >= 6 ? { lo: ms * 0.9, hi: ms * 1.1 } : null,
  count,
  sources: count,
});

describe('crowdSpec', () => {
  it('draws one line per device class in batch order with its interval as a band, then the own run', () => {
    const { spec, hiddenClasses, tooFew } = crowdSpec(
      [row('phone', 4, 40, 6), row('phone', 1, 10, 6), row('laptop', 1, 2, 8)],
      [
        {
          label: 'this run',
          points: [
            { x: 2, y: 7 },
            { x: 1, y: 5 },
          ],
        },
      ],
      axes,
    );
    expect(hiddenClasses).toBe(0);
    expect(tooFew).toEqual([]);
    expect(spec.series.map((s) => s.label)).toEqual(['laptop (n=8, 8 sources)', 'phone (n=6, 6 sources)', 'this run']);
    expect(spec.series[1]?.points).toEqual([
      { x: 1, y: 10 },
      { x: 4, y: 40 },
    ]);
    expect(spec.series[1]?.band?.lo).toEqual([
      { x: 1, y: 9 },
      { x: 4, y: 36 },
    ]);
    expect(spec.series[1]?.band?.hi[1]?.y).toBeCloseTo(44, 9);
    expect(spec.series[2]).toMatchObject({
      dashed: true,
      points: [
        { x: 1, y: 5 },
        { x: 2, y: 7 },
      ],
    });
    expect(spec.xTicks).toEqual([1, 2, 4]);
  });

  it('names a class with too few results for an interval instead of drawing it, and leaves such batch sizes off a line', () => {
    const { spec, tooFew } = crowdSpec([row('phone', 1, 10, 3), row('laptop', 1, 2, 6), row('laptop', 8, 9, 2)], [], axes);
    expect(tooFew).toEqual([{ deviceClass: 'phone', n: 3 }]);
    expect(spec.series.map((s) => s.label)).toEqual(['laptop (n=6, 6 sources)']);
    expect(spec.series[0]?.points).toEqual([{ x: 1, y: 2 }]);
  });

  it('keeps the classes with most results and counts the rest', () => {
    const rows = Array.from({ length: MAX_CLASSES + 3 }, (_, i) => row(`class ${i}`, 1, 5, i + 6));
    const { spec, hiddenClasses } = crowdSpec(rows, [], axes);
    expect(hiddenClasses).toBe(3);
    expect(spec.series).toHaveLength(MAX_CLASSES);
    expect(spec.series[0]?.label).toBe(`class ${MAX_CLASSES + 2} (n=${MAX_CLASSES + 8}, ${MAX_CLASSES + 8} sources)`);
  });

  it('draws an own run alone when the crowd has nothing yet', () => {
    const { spec } = crowdSpec([], [{ label: 'you', points: [{ x: 1, y: 3 }] }], axes);
    expect(spec.series).toHaveLength(1);
  });
});
