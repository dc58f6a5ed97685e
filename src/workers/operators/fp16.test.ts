// Half precision (Node, onnxruntime-node): binary16 conversion on known values, and the fp16 fixture encoder runs with
// float32 outputs and agrees with fp32.
import { describe, expect, it } from 'vitest';
import { compareLogits } from '../../bench/accuracy/agreement.ts';
import { fromHalfBits, toHalfBits } from '../onnx/half.ts';
import { toFp16 } from './fp16.ts';
import { DT, openModel } from './onnx-edit.ts';
import { fixtureModel, languageFeeds, logits } from './testing/fixture-runs.ts';

describe('fp16', () => {
  it('converts known values to binary16', () => {
    expect([1, -2, 0.5, 65504, 1e6, -1e6, 0, 2 ** -24, 2 ** -26].map(toHalfBits)).toEqual([
      0x3c00, 0xc000, 0x3800, 0x7bff, 0x7bff, 0xfbff, 0, 1, 0,
    ]);
    // 1 + 2^-11 is halfway between 1 and the next half (1 + 2^-10): ties go to even (1).
    expect(toHalfBits(1 + 2 ** -11)).toBe(0x3c00);
    expect(fromHalfBits(toHalfBits(0.1))).toBeCloseTo(0.0999755859375, 10);
  });

  it('the fixture encoder in fp16 halves its size, runs with float32 logits and agrees with fp32', async () => {
    const fp32 = await fixtureModel();
    const { bytes } = toFp16(fp32);
    expect(bytes.length).toBeLessThan(fp32.length * 0.55);
    const floats = [...openModel(bytes).tensors.values()].filter((t) => t.dataType === DT.FLOAT);
    expect(floats).toEqual([]);
    const { feeds } = await languageFeeds();
    const out = await logits(bytes, feeds);
    const a = compareLogits((await logits(fp32, feeds)).data, out.data, 5);
    expect(a.argmaxAgreement).toBeGreaterThanOrEqual(0.95);
    expect(a.cosineMin).toBeGreaterThan(0.99);
  });
});
