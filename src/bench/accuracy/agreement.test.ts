import { describe, expect, it } from 'vitest';
import { compareLogits } from './agreement.ts';

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
