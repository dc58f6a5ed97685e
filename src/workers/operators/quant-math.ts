// The quantization formulas of the operators lab (pure; runs everywhere), as ONNX Runtime's quantization tool writes
// them: symmetric int8 weights per tensor or per output channel, asymmetric uint8 activations from a calibrated
// range, and 4-bit blocks for MatMulNBits. Unit tests check them against hand-computed cases.

/** Python's round(): halves go to the even neighbour (what numpy and ORT's quantizer do). */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

export interface SymmetricInt8 {
  /** Quantized W[K, N], row-major as the input. */
  q: Int8Array;
  /** One scale (per tensor) or N (per output channel, the columns of W). */
  scales: Float32Array;
}

/**
 * Symmetric int8 of W[K, N] (zero point 0) as ONNX Runtime's quantizer writes it: scale = 2·max|w| / 254 = max|w| /
 * 127 over the tensor or each column, q = clamp(round(w / scale), -127, 127), halves to even. Source:
 * onnxruntime/python/tools/quantization/quant_utils.py at commit 20e3ace0bbf50a3b69d8c33e76f212512938547a:
 * compute_scale_zp (INT8, symmetric: scale = 2·max_range / quantize_range), get_qrange_for_qType (INT8: 254, "[-127,
 * 127] full_range") and quantize_nparray (numpy round, clip to [-127, 127]); later releases keep it as qmin/qmax
 * (-127, 127) for symmetric INT8.
 */
export function symmetricInt8(w: Float32Array, k: number, n: number, perChannel: boolean): SymmetricInt8 {
  if (w.length !== k * n) throw new Error(`weights have ${w.length} values, expected ${k}x${n}`);
  const groups = perChannel ? n : 1;
  const absMax = new Float64Array(groups);
  for (let i = 0; i < w.length; i++) {
    const g = perChannel ? i % n : 0;
    absMax[g] = Math.max(absMax[g] as number, Math.abs(w[i] as number));
  }
  const scales = Float32Array.from(absMax, (a) => (a > 0 ? (2 * a) / 254 : 1));
  const q = new Int8Array(w.length);
  for (let i = 0; i < w.length; i++) {
    const s = scales[perChannel ? i % n : 0] as number;
    // Divided in float32, as numpy and ONNX Runtime do: 127.4999 in float64 can be 127.5 in float32.
    q[i] = clamp(roundHalfEven(Math.fround((w[i] as number) / s)), -127, 127);
  }
  return { q, scales };
}

export interface AffineUint8 {
  scale: number;
  zeroPoint: number;
}

/**
 * Asymmetric uint8 for an activation range: the range is widened to hold 0, scale = (max - min) / 255, zero point
 * = clamp(round(-min / scale), 0, 255) (ORT's compute_scale_zp); a range of zero width gets scale 1.
 */
export function affineUint8(min: number, max: number): AffineUint8 {
  const lo = Math.min(min, 0);
  const hi = Math.max(max, 0);
  const scale = hi > lo ? (hi - lo) / 255 : 1;
  return { scale: Math.fround(scale), zeroPoint: clamp(roundHalfEven(-lo / Math.fround(scale)), 0, 255) };
}

/** Quantizes then dequantizes `x` with uint8 `p` (what a QuantizeLinear/DequantizeLinear pair computes). */
export function fakeQuantUint8(x: number, p: AffineUint8): number {
  return (clamp(roundHalfEven(Math.fround(Math.fround(x) / p.scale)) + p.zeroPoint, 0, 255) - p.zeroPoint) * p.scale;
}

export interface Q4Blocks {
  /** Packed nibbles, shape [N, blocksPerCol, blockSize / 2]: row n holds column n of W. */
  packed: Uint8Array;
  /** One scale per (column, block), shape [N * blocksPerCol]. */
  scales: Float32Array;
  blocksPerCol: number;
}

/**
 * 4-bit block quantization of a row-major W[K, N] in the layout of com.microsoft MatMulNBits (bits 4, no zero-point
 * input, so the implied zero point is 8): scale = max|w| / 7 per block of `blockSize` rows of a column, w ≈ (q - 8)
 * · scale. Within a byte the even k sits in the low nibble; rows past K are zero.
 */
export function quantizeQ4(weights: Float32Array, k: number, n: number, blockSize: number): Q4Blocks {
  if (weights.length !== k * n) throw new Error(`weights have ${weights.length} values, expected ${k}x${n}`);
  const blocksPerCol = Math.ceil(k / blockSize);
  const bytesPerBlock = blockSize / 2;
  const packed = new Uint8Array(n * blocksPerCol * bytesPerBlock);
  const scales = new Float32Array(n * blocksPerCol);
  for (let col = 0; col < n; col++) {
    for (let b = 0; b < blocksPerCol; b++) {
      let maxAbs = 0;
      for (let i = 0; i < blockSize && b * blockSize + i < k; i++) {
        maxAbs = Math.max(maxAbs, Math.abs(weights[(b * blockSize + i) * n + col] as number));
      }
      const scale = maxAbs > 0 ? maxAbs / 7 : 1;
      scales[col * blocksPerCol + b] = scale;
      for (let i = 0; i < blockSize; i++) {
        const row = b * blockSize + i;
        const w = row < k ? (weights[row * n + col] as number) : 0;
        const q = clamp(Math.round(w / scale) + 8, 0, 15);
        const at = (col * blocksPerCol + b) * bytesPerBlock + (i >> 1);
        packed[at] = (packed[at] as number) | (i % 2 === 0 ? q : q << 4);
      }
    }
  }
  return { packed, scales, blocksPerCol };
}

/** Inverse of quantizeQ4, back to row-major W[K, N]. */
export function dequantizeQ4(blocks: Q4Blocks, k: number, n: number, blockSize: number): Float32Array {
  const out = new Float32Array(k * n);
  const bytesPerBlock = blockSize / 2;
  for (let col = 0; col < n; col++) {
    for (let row = 0; row < k; row++) {
      const b = Math.floor(row / blockSize);
      const i = row % blockSize;
      const byte = blocks.packed[(col * blocks.blocksPerCol + b) * bytesPerBlock + (i >> 1)] as number;
      const q = i % 2 === 0 ? byte & 0x0f : byte >> 4;
      out[row * n + col] = (q - 8) * (blocks.scales[col * blocks.blocksPerCol + b] as number);
    }
  }
  return out;
}

/** The value below which `p` (0..1) of `sorted` lies, linearly interpolated (numpy's default percentile). */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return 0;
  const at = clamp(p, 0, 1) * (sorted.length - 1);
  const lo = Math.floor(at);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (at - lo);
}
