import { describe, expect, it } from 'vitest';
import { noise, overheadVerdict, precisionRow, ratios, summarizeReps, type RepMeasure } from './analysis.ts';

const m = (method: RepMeasure['method'], rep: number, medians: Record<number, number>): RepMeasure => ({
  method,
  variant: 'fp32',
  rep,
  medians,
});

const measures: RepMeasure[] = [
  m('tierlab', 1, { 1: 10, 2: 20 }),
  m('bare', 1, { 1: 10, 2: 19 }),
  m('tierlab', 2, { 1: 11, 2: 22 }),
  m('bare', 2, { 1: 10, 2: 20 }),
  m('tierlab', 3, { 1: 12, 2: 21 }),
  m('bare', 3, { 1: 12, 2: 21 }),
];

describe('perf analysis', () => {
  it('summarizes repetitions by their median and spread', () => {
    expect(summarizeReps(measures, 'tierlab', 'fp32', 1)).toEqual({ median: 11, spread: 12 / 10 - 1, reps: 3 });
    expect(summarizeReps(measures, 'native', 'fp32', 1)).toBeNull();
  });

  it('ratios of medians per batch, with the range of per-repetition ratios', () => {
    const [r1, r2] = ratios(measures, 'tierlab', 'bare', 'fp32', [1, 2]);
    expect(r1).toMatchObject({ batch: 1, ratio: 11 / 10, low: 1, high: 1.1 });
    expect(r2!.ratio).toBeCloseTo(21 / 20, 12);
    expect(r2!.low).toBeCloseTo(1, 12);
    expect(r2!.high).toBeCloseTo(22 / 20, 12);
    expect(ratios(measures, 'tierlab', 'native', 'fp32', [1])).toEqual([]);
  });

  it('machine noise is the median and largest spread over repetitions', () => {
    const n = noise(measures, [1, 2]);
    expect(n.maxSpread).toBeCloseTo(0.2, 12);
    expect(n.medianSpread).toBeGreaterThan(0);
  });

  it('puts the adaptive protocol cost next to a fixed protocol with the interval each reached', () => {
    const row = precisionRow(4, { samplesMs: [10, 10, 10, 10], discardedSamples: 2, relCi: 0.03 }, Array(50).fill(10));
    expect(row.adaptive).toEqual({ samples: 6, seconds: 0.06, relCi: 0.03 });
    expect(row.fixed).toEqual({ samples: 50, seconds: 0.5, relCi: 0 });
  });
  it('states the overhead goal as met only when no batch size is above 1.02', () => {
    const row = (batch: number, ratio: number) => ({ batch, ratio, low: ratio, high: ratio });
    expect(overheadVerdict([row(1, 0.91), row(32, 1.02)])).toBe(
      'Overhead within 2% (ratio at most 1.02) at every batch size; ratios from 0.910 to 1.020.',
    );
    expect(overheadVerdict([row(1, 0.99), row(16, 1.021), row(32, 1.05)])).toBe(
      'Overhead above 2% at batch sizes 16 (1.021), 32 (1.050), within it at 1 of 3; ratios from 0.990 to 1.050. Section 5 shows where the time goes.',
    );
    expect(overheadVerdict([row(32, 1.03)])).toMatch(/^Overhead above 2% at batch size 32 \(1\.030\)/);
    expect(overheadVerdict([])).toBe('No batch size was measured.');
  });
});
