import { describe, expect, it } from 'vitest';
import { compareToBaseline, operatorsOf, recommend, type VariantMeasure } from './tradeoffs.ts';

const v = (
  key: string,
  accuracy: number,
  medianMs: number,
  p90Ms: number,
  bytes: number,
  ops: string[] = [],
): VariantMeasure => ({
  key,
  label: key,
  operators: ops,
  accuracy,
  accuracyCi95: { lo: accuracy - 0.05, hi: accuracy + 0.05 },
  medianMs,
  medianCi95: { lo: medianMs * 0.95, hi: medianMs * 1.05 },
  p90Ms,
  bytes,
});

const base = v('fp32', 0.9, 40, 48, 400);
const int8 = v('int8', 0.88, 20, 25, 100, ['int8']);
const q4 = v('q4', 0.7, 15, 18, 60, ['q4']);
const student = v('student int8', 0.86, 10, 12, 50, ['distilled', 'int8']);

describe('operatorsOf', () => {
  it('names distillation and quantization', () => {
    expect(operatorsOf('teacher', 'fp32')).toEqual([]);
    expect(operatorsOf('distilled-student', 'int8')).toEqual(['distilled', 'int8']);
    expect(operatorsOf('size-ladder', 'q8')).toEqual(['int8']);
    expect(operatorsOf('teacher', 'q4f16')).toEqual(['q4 + fp16']);
  });
});

describe('compareToBaseline', () => {
  it('gives deltas and ratios, and whether the intervals separate', () => {
    const [i8, q] = compareToBaseline(base, [int8, q4]);
    expect(i8?.accuracyDelta).toBeCloseTo(-0.02, 12);
    expect(i8?.accuracyClear).toBe(false); // 0.83–0.93 overlaps 0.85–0.95
    expect(i8?.latencyRatio).toBe(0.5);
    expect(i8?.latencyClear).toBe(true); // 19–21 vs 38–42
    expect(i8?.bytesRatio).toBe(0.25);
    expect(q?.accuracyClear).toBe(true); // 0.65–0.75 vs 0.85–0.95
  });
});

describe('recommend', () => {
  const all = [base, int8, q4, student];

  it('picks the most accurate variant under the budget and states its cost', () => {
    const r = recommend(all, { stat: 'p90', maxMs: 30, batchSize: 8 });
    expect(r.kind).toBe('pick');
    if (r.kind !== 'pick') return;
    expect(r.pick.key).toBe('int8');
    expect(r.best.key).toBe('fp32');
    expect(r.accuracyCost).toBeCloseTo(0.02, 12);
    expect(r.text).toMatch(/use int8: 88\.0% accurate at 25\.00 ms, 2\.0% below the most accurate, fp32/);
  });

  it('costs nothing when the best fits', () => {
    const r = recommend(all, { stat: 'median', maxMs: 50, batchSize: 8 });
    expect(r.kind === 'pick' && r.pick.key).toBe('fp32');
    expect(r.kind === 'pick' && r.accuracyCost).toBe(0);
  });

  it('says when nothing fits and names the fastest', () => {
    const r = recommend(all, { stat: 'p90', maxMs: 5, batchSize: 8 });
    expect(r).toMatchObject({ kind: 'none', fastest: { key: 'student int8' } });
    expect(r.text).toMatch(/No variant keeps p90 under 5 ms at batch 8/);
  });

  it('breaks accuracy ties by latency', () => {
    const twin = v('twin', 0.88, 18, 22, 100);
    const r = recommend([int8, twin], { stat: 'p90', maxMs: 30, batchSize: 1 });
    expect(r.kind === 'pick' && r.pick.key).toBe('twin');
  });
});
