import { describe, expect, it } from 'vitest';
import { analyze, saturationBatch } from './analyze.ts';
import type { RawMeasurements, RawPoint } from '../shared/contracts/measurement.ts';

function point(batchSize: number, samplesMs: number[], visits = [samplesMs]): RawPoint {
  return { batchSize, samplesMs, firstTokenMs: [], visits, stoppedBy: 'target', discardedMs: [] };
}

describe('run analysis', () => {
  const raw: RawMeasurements = {
    warmup: [],
    points: [point(1, [10, 10, 10]), point(2, [12, 12, 12]), point(4, [16, 16, 16]), point(8, [24, 24, 24])],
  };

  it('throughput, per-item latency and ratios against batch 1', () => {
    const a = analyze(raw);
    const p8 = a.points[3]!;
    expect(p8.throughput).toBeCloseTo((8 * 1000) / 24, 9);
    expect(p8.perItemMs).toBe(3);
    expect(p8.latencyRatio).toBeCloseTo(2.4, 12);
    expect(p8.throughputRatio).toBeCloseTo((100 / 3 / 100) * 10, 9);
  });

  it('fits fixed + perItem x batch exactly on a line', () => {
    const a = analyze(raw);
    expect(a.fit.fixedMs).toBeCloseTo(8, 9);
    expect(a.fit.perItemMs).toBeCloseTo(2, 9);
    expect(a.fit.r2).toBeCloseTo(1, 9);
    expect(a.correlation.pearson).toBeCloseTo(1, 9);
    expect(a.correlation.spearman).toBeCloseTo(1, 9);
  });

  it('finds the saturation point where doubling adds under 10% throughput', () => {
    expect(saturationBatch([1, 2, 4, 8], [100, 180, 190, 195])).toBe(2);
    expect(saturationBatch([1, 2, 4], [100, 200, 400])).toBeNull();
  });

  it('flags drift between the first and the second half of the samples', () => {
    const visits = [
      [10, 10.1, 9.9],
      [10, 10.2, 9.8],
      [12, 12.1, 11.9],
      [13, 13.1, 12.9],
      [13, 13.2, 12.8],
    ];
    const drifting = point(1, visits.flat(), visits);
    const a = analyze({ warmup: [], points: [drifting] });
    // First half (7 samples) has median 10, the second (8) 12.95.
    expect(a.points[0]!.drift!.ratio).toBeCloseTo(12.95 / 10, 12);
    expect(a.flags.drift).toBe(true);
    expect(a.notes.join(' ')).toMatch(/changed between the first and second half/);
    // Too few samples for a test: no ratio, no flag.
    expect(analyze(raw).points[0]!.drift).toBeNull();
    expect(analyze(raw).flags.drift).toBe(false);
  });

  it('counts outliers as a statistic, not a verdict, and flags time caps', () => {
    const samples = [10, 10, 10, 10, 10, 10, 10, 10, 50, 60];
    const a = analyze({ warmup: [], points: [{ ...point(1, samples), stoppedBy: 'time-cap' }] });
    expect(a.points[0]!.stats.outliers).toBe(2);
    expect(a.notes.join(' ')).not.toMatch(/outlier/);
    expect(a.flags.ciNotReached).toBe(true);
  });

  it('notes a warm-up that never settled', () => {
    const a = analyze({ ...raw, warmup: [{ batchSize: 1, firstRunMs: 50, runsMs: [30, 20, 10], settled: false }] });
    expect(a.notes.join(' ')).toMatch(/warm-up had not settled .* batch 1/);
  });

  it('refuses a run without samples', () => {
    expect(() => analyze({ warmup: [], points: [point(1, [])] })).toThrow(/no samples/);
  });

  it('a generation run gets time to first token, decode per token and token rates per batch size', () => {
    const gen: RawMeasurements = {
      warmup: [],
      points: [
        { ...point(1, [50, 50, 50]), firstTokenMs: [20, 20, 20] },
        { ...point(4, [80, 80, 80]), firstTokenMs: [35, 35, 35] },
      ],
    };
    const a = analyze(gen, 4);
    const [p1, p4] = a.points;
    expect(p1!.generation?.ttft.median).toBe(20);
    expect(p1!.generation?.perTokenMs.median).toBe(10); // (50 - 20) / 3
    expect(p4!.generation?.perTokenMs.median).toBe(15); // (80 - 35) / 3
    expect(p4!.generation?.decodeTokensPerSecond).toBeCloseTo((4 * 1000) / 15, 9);
    expect(p4!.throughput).toBeCloseTo((4 * 1000) / 80, 9);
    expect(analyze(raw).points[0]!.generation).toBeUndefined();
  });
});
