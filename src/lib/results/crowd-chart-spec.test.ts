import { describe, expect, it } from 'vitest';
import type { AggregateRow } from '../../shared/results-api.ts';
import { crowdSpec, MAX_CLASSES } from './crowd-chart-spec.ts';

const axes = { xLog: true, yLog: false };
const row = (deviceClass: string, batchSize: number, ms: number, count = 1): AggregateRow => ({
  deviceClass,
  batchSize,
  medianOfMediansMs: ms,
  count,
});

describe('crowdSpec', () => {
  it('draws one line per device class in batch order, then the own run', () => {
    const { spec, hiddenClasses } = crowdSpec(
      [row('phone', 4, 40, 3), row('phone', 1, 10, 3), row('laptop', 1, 2, 5)],
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
    expect(spec.series.map((s) => s.label)).toEqual(['laptop (n=5)', 'phone (n=3)', 'this run']);
    expect(spec.series[1]?.points).toEqual([
      { x: 1, y: 10 },
      { x: 4, y: 40 },
    ]);
    expect(spec.series[2]).toMatchObject({
      dashed: true,
      points: [
        { x: 1, y: 5 },
        { x: 2, y: 7 },
      ],
    });
    expect(spec.xTicks).toEqual([1, 2, 4]);
  });

  it('keeps the classes with most results and counts the rest', () => {
    const rows = Array.from({ length: MAX_CLASSES + 3 }, (_, i) => row(`class ${i}`, 1, 5, i + 1));
    const { spec, hiddenClasses } = crowdSpec(rows, [], axes);
    expect(hiddenClasses).toBe(3);
    expect(spec.series).toHaveLength(MAX_CLASSES);
    expect(spec.series[0]?.label).toBe(`class ${MAX_CLASSES + 2} (n=${MAX_CLASSES + 3})`);
  });

  it('draws an own run alone when the crowd has nothing yet', () => {
    const { spec } = crowdSpec([], [{ label: 'you', points: [{ x: 1, y: 3 }] }], axes);
    expect(spec.series).toHaveLength(1);
  });
});
