// FFN pruning on a gated (SwiGLU) block, TierLab's own Llama-style tiny decoder (Node, onnxruntime-node): gate and up
// are one block with one neuron set, and the pruned model equals an independent masked reference, the original model
// with the down projection's rows of the removed neurons set to zero (removing neuron j removes exactly
// SiLU(gate_j) · up_j · W_down[j, :]). Once gate and up kept different neurons: the model ran, but wrong.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { encodeModel, floats, floatTensor, openModel, weightAt, type Tensor } from './onnx-edit.ts';
import { findFfns, pruneFfn } from './prune-ffn.ts';

const decoderFile = path.resolve(import.meta.dirname, '../../../models/mirror/tierlab/tiny-code-decoder/onnx/model.onnx');
const BATCH = 2;
const SEQ = 6;

/** A prompt of SEQ tokens per row, no past: ids, a full mask, positions 0…SEQ-1, empty caches. */
function feeds(session: ort.InferenceSession): Record<string, ort.Tensor> {
  const out: Record<string, ort.Tensor> = {};
  for (const m of session.inputMetadata) {
    if (!m.isTensor) continue;
    if (m.name === 'input_ids')
      out[m.name] = new ort.Tensor(
        'int64',
        BigInt64Array.from({ length: BATCH * SEQ }, (_, i) => BigInt((i * 7 + 3) % 50)),
        [BATCH, SEQ],
      );
    else if (m.name === 'attention_mask')
      out[m.name] = new ort.Tensor('int64', new BigInt64Array(BATCH * SEQ).fill(1n), [BATCH, SEQ]);
    else if (m.name === 'position_ids')
      out[m.name] = new ort.Tensor(
        'int64',
        BigInt64Array.from({ length: BATCH * SEQ }, (_, i) => BigInt(i % SEQ)),
        [BATCH, SEQ],
      );
    else out[m.name] = new ort.Tensor('float32', new Float32Array(0), [BATCH, m.shape[1] as number, 0, m.shape[3] as number]);
  }
  return out;
}

async function logits(bytes: Uint8Array): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1 });
  try {
    const out = await session.run(feeds(session));
    return out.logits?.data as Float32Array;
  } finally {
    await session.release();
  }
}

describe('FFN pruning on SwiGLU', () => {
  it('finds each gated block once, with its gate and up projections', () => {
    const m = openModel(new Uint8Array(readFileSync(decoderFile)));
    const ffns = findFfns(m);
    expect(ffns.length).toBeGreaterThan(0);
    for (const f of ffns) expect(f.ups).toHaveLength(2);
    expect(new Set(ffns.map((f) => f.down)).size).toBe(ffns.length);
  });

  it('keeps one neuron set for gate and up: equal to the masked reference within 1e-4', async () => {
    const bytes = new Uint8Array(readFileSync(decoderFile));
    const { bytes: pruned, kept } = pruneFfn(bytes, 0.5);
    // The reference: every removed neuron's row of W_down set to zero in the original, nothing else changed.
    const m = openModel(bytes);
    for (const [b, f] of findFfns(m).entries()) {
      const w2 = weightAt(m, f.down, 1) as Tensor;
      const [rows, cols] = w2.dims as [number, number];
      const keep = new Set(kept[b]);
      const v = floats(w2).slice();
      for (let r = 0; r < rows; r++) if (!keep.has(r)) v.fill(0, r * cols, (r + 1) * cols);
      m.tensors.set(w2.name, floatTensor(w2.name, [rows, cols], v));
      expect(kept[b]).toHaveLength(rows / 2);
    }
    const [reference, got] = await Promise.all([logits(encodeModel(m)), logits(pruned)]);
    expect(got).toHaveLength(reference.length);
    let maxDiff = 0;
    for (let i = 0; i < got.length; i++) maxDiff = Math.max(maxDiff, Math.abs((got[i] as number) - (reference[i] as number)));
    expect(maxDiff).toBeLessThan(1e-4);
  });
});
