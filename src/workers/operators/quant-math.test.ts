// The quantization formulas against hand-computed cases (pure).
import { describe, expect, it } from 'vitest';
import { affineUint8, dequantizeQ4, quantileSorted, quantizeQ4, roundHalfEven, symmetricInt8 } from './quant-math.ts';

describe('quant-math', () => {
  it('rounds halves to even, as numpy does', () => {
    expect([0.5, 1.5, 2.5, -0.5, -1.5, -127.5, 2.4, -2.6].map(roundHalfEven)).toEqual([0, 2, 2, -0, -2, -128, 2, -3]);
  });

  // Expected values worked by hand from ONNX Runtime's quant_utils.py (commit 20e3ace0): symmetric INT8 has
  // quantize_range 254, scale = 2·max|w| / 254, q = clip(numpy.round(w / scale), -127, 127). The cases use ranges
  // whose scales are exact in float32, so halves stay halves.
  it('per tensor: scale max|w|/127 (2·max/254), zero point 0, halves to even, within [-127, 127]', () => {
    // max|w| = 127/64: scale 1/64; ±127/64 → ±127; 0.5 → 32; 16.5/64 → 16.5 → 16; 17.5/64 → 18; -0.5/64 → -0.
    const { q, scales } = symmetricInt8(Float32Array.of(-127 / 64, 0.5, 16.5 / 64, 127 / 64, 17.5 / 64, -0.5 / 64), 3, 2, false);
    expect(Array.from(scales)).toEqual([1 / 64]);
    expect(Array.from(q)).toEqual([-127, 32, 16, 127, 18, 0]);
  });

  it('per channel: one scale per column of W[K, N], never -128', () => {
    // Columns [127/32, 1] → scale 1/32, q 127, 32; [13/128, -127/256] → scale 1/256, q 26, -127 (the old 2·max/255
    // scale gave 1/256.98… and -128 here).
    const { q, scales } = symmetricInt8(Float32Array.of(127 / 32, 13 / 128, 1, -127 / 256), 2, 2, true);
    expect(Array.from(scales)).toEqual([1 / 32, 1 / 256]);
    expect(Array.from(q)).toEqual([127, 26, 32, -127]);
  });

  it('activations: the range widens to 0 and the zero point follows the minimum', () => {
    // [-32, 31.75]: scale 63.75/255 = 0.25, zero point 32/0.25 = 128.
    expect(affineUint8(-32, 31.75)).toEqual({ scale: 0.25, zeroPoint: 128 });
    // [1, 63.75] widens to [0, 63.75]: zero point 0.
    expect(affineUint8(1, 63.75)).toEqual({ scale: 0.25, zeroPoint: 0 });
    // All negative: [-63.75, -1] widens to [-63.75, 0], zero point 255.
    expect(affineUint8(-63.75, -1)).toEqual({ scale: 0.25, zeroPoint: 255 });
    expect(affineUint8(0, 0)).toEqual({ scale: 1, zeroPoint: 0 });
  });

  it('4-bit blocks: scale max|w|/7 per block, zero point 8, low nibble first', () => {
    // K = 4, N = 1, block 4: max|w| = 7 → scale 1; q = w + 8 → 1, 9, 15, 8 → bytes 0x91, 0x8f.
    const blocks = quantizeQ4(Float32Array.of(-7, 1, 7, 0), 4, 1, 4);
    expect(Array.from(blocks.scales)).toEqual([1]);
    expect(Array.from(blocks.packed)).toEqual([0x91, 0x8f]);
    expect(Array.from(dequantizeQ4(blocks, 4, 1, 4))).toEqual([-7, 1, 7, 0]);
  });

  it('quantiles interpolate linearly between sorted values', () => {
    expect(quantileSorted([0, 10, 20, 30], 0.5)).toBe(15);
    expect(quantileSorted([0, 10, 20, 30], 1)).toBe(30);
    expect(quantileSorted([], 0.5)).toBe(0);
  });
});
