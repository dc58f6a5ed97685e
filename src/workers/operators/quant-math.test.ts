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

  // Vectors worked out by hand from MLAS's BlockwiseQuantizer (q4_dq.cpp @ 04000081e8ecfd88f3692d8a6f1fdd0ec7731769),
  // step by step in float32: range2scale / range2scalezp, then clamp(roundf(w · (1 / scale) + zp), 0, 15).
  it('4-bit symmetric: scale −m/8 with m the largest-magnitude value, so m lands on level 0', () => {
    // K = 4, N = 1, block 4: |min| = |max| = 7 picks the minimum, m = −7 → scale 0.875; 1 / 0.875 in float32 is
    // 1.1428572; q = 0, 9 (9.14), 15 (16.0000004 clamped), 8 → bytes 0x90, 0x8f. +7 comes back as 6.125: the level
    // above 7 · 0.875 does not exist, as in MLAS.
    const blocks = quantizeQ4(Float32Array.of(-7, 1, 7, 0), 4, 1, 4, true);
    expect(Array.from(blocks.scales)).toEqual([0.875]);
    expect(blocks.zeroPoints).toBeNull();
    expect(Array.from(blocks.packed)).toEqual([0x90, 0x8f]);
    expect(Array.from(dequantizeQ4(blocks, 4, 1, 4))).toEqual([-7, 0.875, 6.125, 0]);
    // A positive extreme gives a negative scale: m = 4 → scale −0.5, 4 → level 0, −1 → level 10.
    const pos = quantizeQ4(Float32Array.of(4, -1), 2, 1, 2, true);
    expect(Array.from(pos.scales)).toEqual([-0.5]);
    expect(Array.from(pos.packed)).toEqual([0 | (10 << 4)]);
  });

  it('4-bit rounding is roundf (halves away from zero), and an odd K keeps the previous high nibble', () => {
    // K = 3, block 4: m = −8 → scale 1; 2.5 + 8 = 10.5 → 11 (numpy's round would give 10); 1 + 8 → 9. The second
    // byte's high nibble is never written for row 3, so MLAS leaves the 11 of the previous pair there.
    const blocks = quantizeQ4(Float32Array.of(-8, 2.5, 1), 3, 1, 4, true);
    expect(Array.from(blocks.packed)).toEqual([0 | (11 << 4), 9 | (11 << 4)]);
  });

  it('4-bit asymmetric (ORT default): scale (max − min)/15 over a range holding 0, zero points two to a byte', () => {
    // K = 12, N = 1, block 4, three blocks:
    // [−1, 2, 0.5, 3]: scale 4/15 = 0.26666668, zp = roundf(3.7499998) = 4; q = 0 (0.25), 12, 6, 15 (15.25).
    // [0.1, 0.2, 0.3, 0.4]: widened to [0, 0.4], scale 0.026666667, zp 0; q = 4 (3.75), 8 (7.5), 11 (11.25), 15.
    // [−2, −1, −0.5, −0.25]: widened to [−2, 0], scale 0.13333334, zp 15; q = 0, 8 (7.5), 11 (11.25), 13 (13.125).
    const w = Float32Array.of(-1, 2, 0.5, 3, 0.1, 0.2, 0.3, 0.4, -2, -1, -0.5, -0.25);
    const blocks = quantizeQ4(w, 12, 1, 4, false);
    expect(Array.from(blocks.scales)).toEqual([Math.fround(4 / 15), Math.fround(0.4 / 15), Math.fround(2 / 15)]);
    // Zero points 4, 0 in the first byte (even block low); the odd third block's byte has a high nibble of 0.
    expect(Array.from(blocks.zeroPoints!)).toEqual([4 | (0 << 4), 15]);
    expect(Array.from(blocks.packed)).toEqual([
      0 | (12 << 4),
      6 | (15 << 4),
      4 | (8 << 4),
      11 | (15 << 4),
      0 | (8 << 4),
      11 | (13 << 4),
    ]);
    const back = Array.from(dequantizeQ4(blocks, 12, 1, 4));
    expect(back[0]).toBeCloseTo(-1.0666667, 6); // (0 − 4) · 0.26666668: MLAS's rounding of the zero point moves −1
    expect(back[8]).toBeCloseTo(-2, 6);
  });

  it('quantiles interpolate linearly between sorted values', () => {
    expect(quantileSorted([0, 10, 20, 30], 0.5)).toBe(15);
    expect(quantileSorted([0, 10, 20, 30], 1)).toBe(30);
    expect(quantileSorted([], 0.5)).toBe(0);
  });
});
