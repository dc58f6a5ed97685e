import { describe, expect, it } from 'vitest';
import type { LabelledSample } from '../../shared/datasets.ts';
import { agreementWith, scoreLogits } from './evaluation.ts';

const s = (label: string, language = label): LabelledSample => ({ id: label, text: '', label, language });

describe('scoreLogits', () => {
  it('maps dataset labels to the model labels by name, aliases included', () => {
    const samples = [s('python'), s('C++', 'cpp'), s('JS', 'javascript')];
    // Model labels in another order; predictions: python, cpp, python.
    const logits = [0, 0, 9, /**/ 9, 0, 0, /**/ 0, 0, 9];
    const { metrics, unmapped } = scoreLogits(samples, logits, 3, ['cpp', 'javascript', 'python']);
    expect(unmapped).toBe(0);
    expect(metrics.correct).toBe(2);
    expect(metrics.perGroup.find((g) => g.group === 'javascript')?.correct).toBe(0);
  });

  it('leaves out samples whose label the model lacks and counts them', () => {
    const { metrics, unmapped } = scoreLogits([s('python'), s('rust')], [1, 0, 1, 0], 2, ['python', 'java']);
    expect(unmapped).toBe(1);
    expect(metrics.samples).toBe(1);
    expect(metrics.accuracy).toBe(1);
  });

  it('refuses logits that do not match the labels or the samples', () => {
    expect(() => scoreLogits([s('python')], [1, 0], 2, ['python'])).toThrow(/names 1 classes but returns 2/);
    expect(() => scoreLogits([s('python'), s('java')], [1, 0], 2, ['python', 'java'])).toThrow(/2 logits for 2 samples/);
  });
});

describe('agreementWith', () => {
  it('flags drift below 90% argmax agreement', () => {
    const ref = { label: 'm fp32 wasm', logits: [1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0] };
    const same = agreementWith(ref, ref.logits, 2);
    expect(same).toMatchObject({ argmaxAgreement: 1, drift: false, reference: 'm fp32 wasm', maxAbsDiff: 0 });
    const flipped = [...ref.logits];
    flipped[0] = 0;
    flipped[1] = 1;
    flipped[2] = 0;
    flipped[3] = 1;
    expect(agreementWith(ref, flipped, 2)).toMatchObject({ argmaxAgreement: 0.8, drift: true });
  });
});
