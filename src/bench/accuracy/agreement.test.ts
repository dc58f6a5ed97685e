import { describe, expect, it } from 'vitest';
import { classesOutput, compareLogits, compareOutputs } from './agreement.ts';

describe('logit agreement', () => {
  it('identical logits agree fully', () => {
    const a = [1, 2, 3, 3, 2, 1];
    expect(compareLogits(a, a, 3)).toEqual({ samples: 2, argmaxAgreement: 1, cosineMean: 1, cosineMin: 1, maxAbsDiff: 0 });
  });

  it('hand-computed case', () => {
    const r = compareLogits([1, 0, 0, 1], [1, 0, 1, 0], 2);
    expect(r.argmaxAgreement).toBe(0.5);
    expect(r.cosineMin).toBe(0);
    expect(r.cosineMean).toBe(0.5);
    expect(r.maxAbsDiff).toBe(1);
  });

  it('refuses mismatched shapes', () => {
    expect(() => compareLogits([1, 2], [1, 2, 3], 2)).toThrow(/differ/);
  });
});

describe('every output', () => {
  const out = (name: string, dims: number[], values: number[]) => ({
    name,
    chunks: [{ dims, data: Float32Array.from(values) }],
    rows: dims[0] ?? 1,
  });

  it('compares a [batch, seq, vocab] output row by row and a [batch, classes] one with argmax too', () => {
    const ref = [out('mlm', [2, 1, 2], [1, 0, 0, 1]), out('nsp', [2, 2], [1, 0, 0, 1])];
    const cand = [out('mlm', [2, 1, 2], [1, 0, 1, 0]), out('nsp', [2, 2], [2, 0, 0, 3])];
    const [mlm, nsp] = compareOutputs(ref, cand);
    // Row 2 of mlm: [0, 1] against [1, 0] → cosine 0; largest difference 1. No argmax on a 3-D output.
    expect(mlm).toMatchObject({ name: 'mlm', shape: '2×1×2', samples: 2, cosineMin: 0, maxAbsDiff: 1, argmaxAgreement: null });
    expect(nsp).toMatchObject({ shape: '2×2', cosineMin: 1, maxAbsDiff: 2, argmaxAgreement: 1, problem: null });
    expect(classesOutput(ref)?.name).toBe('nsp');
    expect(classesOutput([out('logits', [2, 2], [0, 0, 0, 0]), ...ref])?.name).toBe('logits');
    expect(classesOutput([ref[0]!])).toBeNull();
  });

  it('names a missing output or a changed shape instead of comparing', () => {
    const ref = [out('a', [1, 2], [1, 2]), out('b', [1, 2], [1, 2])];
    const [a, b] = compareOutputs(ref, [out('a', [1, 3], [1, 2, 3])]);
    expect(a!.problem).toBe('shape 1×3 where the reference has 1×2');
    expect(b!.problem).toBe('this variant has no such output');
  });
});
