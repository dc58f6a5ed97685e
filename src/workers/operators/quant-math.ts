// The quantization formulas of the operators lab (pure; runs everywhere), as ONNX Runtime's quantization tool writes
// them: symmetric int8 weights per tensor or per output channel, asymmetric uint8 activations from a calibrated
// range, and 4-bit blocks for MatMulNBits as MLAS writes them. Unit tests check them against vectors worked out by
// hand from ONNX Runtime's source (cited at each function).

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
  /** Asymmetric only: one 4-bit zero point per (column, block), two to a byte, ceil(blocksPerCol / 2) bytes a column. */
  zeroPoints: Uint8Array | null;
  blocksPerCol: number;
}

/** C's roundf(): halves go away from zero (what MLAS uses, unlike numpy's round). */
export function roundHalfAway(x: number): number {
  return Math.sign(x) * Math.round(Math.abs(x));
}

const f = Math.fround;

/**
 * 4-bit block quantization of a row-major W[K, N] in the layout of com.microsoft MatMulNBits, computed as MLAS does
 * (onnxruntime/core/mlas/lib/q4_dq.cpp at commit 04000081e8ecfd88f3692d8a6f1fdd0ec7731769, BlockwiseQuantizer::
 * quantizeAndTranspose with range2scale / range2scalezp; reached from matmul_nbits_quantizer.py's default RTN path
 * through the quantize_matmul_4bits binding), all in float32:
 * - symmetric (no zero-point input, implied zero point 8): m = the block's value of largest magnitude (the minimum
 *   when |min| = |max|), scale = −m / 8, so m lands on level 0 and the 16 levels −8…7 are all used;
 * - asymmetric (ORT's default, is_symmetric=False): the range widened to hold 0, scale = (max − min) / 15, zero point
 *   = roundf(−min / scale) clamped to [0, 15], stored two to a byte, even block in the low nibble;
 * - q = clamp(roundf(w · (1 / scale) + zp), 0, 15), halves away from zero; within a byte the even k sits in the low
 *   nibble. Bytes past K stay zero; for an odd K the last byte's high nibble repeats the previous pair's, as MLAS
 *   leaves it (MatMulNBits never reads it).
 */
export function quantizeQ4(weights: Float32Array, k: number, n: number, blockSize: number, symmetric: boolean): Q4Blocks {
  if (weights.length !== k * n) throw new Error(`weights have ${weights.length} values, expected ${k}x${n}`);
  const blocksPerCol = Math.ceil(k / blockSize);
  const bytesPerBlock = blockSize / 2;
  const bytesPerCol = blocksPerCol * bytesPerBlock;
  const zpBytesPerCol = Math.ceil(blocksPerCol / 2);
  const packed = new Uint8Array(n * bytesPerCol);
  const scales = new Float32Array(n * blocksPerCol);
  const zeroPoints = symmetric ? null : new Uint8Array(n * zpBytesPerCol);
  const zps = new Uint8Array(blocksPerCol);
  for (let col = 0; col < n; col++) {
    for (let b = 0; b < blocksPerCol; b++) {
      let min = f(3.4028234663852886e38);
      let max = -min;
      for (let row = b * blockSize; row < Math.min(k, (b + 1) * blockSize); row++) {
        const v = weights[row * n + col] as number;
        if (v < min) min = v;
        if (v > max) max = v;
      }
      const at = col * blocksPerCol + b;
      if (symmetric) {
        scales[at] = f(-(Math.abs(max) > Math.abs(min) ? max : min) / 8);
        zps[b] = 8;
      } else {
        const [lo, hi] = [Math.min(min, 0), Math.max(max, 0)];
        const scale = f(f(hi - lo) / 15);
        const zp = scale !== 0 ? f(0 - f(lo / scale)) : lo;
        scales[at] = scale;
        zps[b] = zp < 0 ? 0 : zp > 15 ? 15 : roundHalfAway(zp);
      }
    }
    if (zeroPoints) {
      for (let b = 0; b < blocksPerCol; b += 2) {
        // An odd last block leaves the high nibble as MLAS's per-thread buffer starts it: 0.
        zeroPoints[col * zpBytesPerCol + b / 2] = (zps[b] as number) | (b + 1 < blocksPerCol ? (zps[b + 1] as number) << 4 : 0);
      }
    }
    // MLAS packs two k rows a byte, keeping the pair in a buffer reset once per two blocks of one column.
    let pair = [0, 0];
    for (let row = 0; row < k; row += 2) {
      if (row % (2 * blockSize) === 0) pair = [0, 0];
      for (let l = 0; l < 2 && row + l < k; l++) {
        const b = Math.floor((row + l) / blockSize);
        const scale = scales[col * blocksPerCol + b] as number;
        const reciprocal = scale !== 0 ? f(1 / scale) : 0;
        const v = f(f((weights[(row + l) * n + col] as number) * reciprocal) + (zps[b] as number));
        pair[l] = clamp(roundHalfAway(v), 0, 15);
      }
      packed[col * bytesPerCol + row / 2] = ((pair[0] as number) & 0x0f) | ((pair[1] as number) << 4);
    }
  }
  return { packed, scales, zeroPoints, blocksPerCol };
}

/** Inverse of quantizeQ4 as MatMulNBits reads it, back to row-major W[K, N]: (q − zero point) · scale. */
export function dequantizeQ4(blocks: Q4Blocks, k: number, n: number, blockSize: number): Float32Array {
  const out = new Float32Array(k * n);
  const bytesPerBlock = blockSize / 2;
  const zpBytesPerCol = Math.ceil(blocks.blocksPerCol / 2);
  for (let col = 0; col < n; col++) {
    for (let row = 0; row < k; row++) {
      const b = Math.floor(row / blockSize);
      const i = row % blockSize;
      const byte = blocks.packed[(col * blocks.blocksPerCol + b) * bytesPerBlock + (i >> 1)] as number;
      const q = i % 2 === 0 ? byte & 0x0f : byte >> 4;
      const zpByte = blocks.zeroPoints ? (blocks.zeroPoints[col * zpBytesPerCol + (b >> 1)] as number) : 0;
      const zp = blocks.zeroPoints ? (b % 2 === 0 ? zpByte & 0x0f : zpByte >> 4) : 8;
      out[row * n + col] = f((q - zp) * (blocks.scales[col * blocks.blocksPerCol + b] as number));
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
