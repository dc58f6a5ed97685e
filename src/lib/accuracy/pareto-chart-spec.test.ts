import { describe, expect, it } from 'vitest';
import type { VariantMeasure } from '../../bench/accuracy/tradeoffs.ts';
import { paretoSpec, radiusFor } from './pareto-chart-spec.ts';

const v = (key: string, accuracy: number, medianMs: number, bytes: number): VariantMeasure => ({
  key,
  label: key,
  operators: [],
  accuracy,
  accuracyCi95: { lo: accuracy - 0.1, hi: accuracy + 0.1 },
  medianMs,
  medianCi95: { lo: medianMs - 1, hi: medianMs + 1 },
  p90Ms: medianMs * 1.2,
  bytes,
});

describe('paretoSpec', () => {
  it('puts front variants in the strong group and dominated ones in the faint group', () => {
    const spec = paretoSpec([v('a', 0.9, 10, 400), v('b', 0.8, 12, 100), v('c', 0.7, 4, 100)], 8);
    expect(spec.groups[0]?.points.map((p) => p.tooltip[0])).toEqual(['a', 'c']);
    expect(spec.groups[1]?.points.map((p) => p.tooltip[0])).toEqual(['b']);
    expect(spec.groups[1]?.dimmed).toBe(true);
    expect(spec.groups[0]?.points[0]).toMatchObject({ x: 10, y: 90 });
    expect(spec.groups[0]?.points[0]?.tooltip[1]).toBe('accuracy 90.0% (95% CI 80.0%–100.0%)');
    expect(spec.xLabel).toMatch(/batch 8/);
  });

  it('scales marker area with download size', () => {
    expect(radiusFor(400, 400)).toBe(22);
    expect(radiusFor(100, 400)).toBe(11);
    expect(radiusFor(1, 400)).toBe(5);
  });
});
