// Graph cutting checked on the fixture models in onnxruntime-node: head then tail gives the full model's output.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { cutModel, layerBoundaries } from './onnx-cut.ts';

const mirror = path.resolve(import.meta.dirname, '../../../models/mirror');
const load = (id: string, file: string) => readFile(path.join(mirror, id, 'onnx', file)).then((b) => new Uint8Array(b));

/** Batch of 3 rows of 24 tokens, the last row padded after 10, ids below the fixture vocabulary. */
function feeds(): Record<string, ort.Tensor> {
  const batch = 3;
  const seq = 24;
  const ids = new BigInt64Array(batch * seq);
  const mask = new BigInt64Array(batch * seq);
  for (let r = 0; r < batch; r++)
    for (let c = 0; c < seq; c++) {
      const real = r < 2 || c < 10;
      ids[r * seq + c] = real ? BigInt(5 + ((r * 31 + c * 17) % 500)) : 0n;
      mask[r * seq + c] = real ? 1n : 0n;
    }
  return { input_ids: new ort.Tensor('int64', ids, [batch, seq]), attention_mask: new ort.Tensor('int64', mask, [batch, seq]) };
}

async function run(model: Uint8Array, input: Record<string, ort.Tensor>): Promise<ort.InferenceSession.OnnxValueMapType> {
  const session = await ort.InferenceSession.create(model, { intraOpNumThreads: 1 });
  try {
    return await session.run(input);
  } finally {
    await session.release();
  }
}

const maxAbsDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, x, i) => Math.max(m, Math.abs(x - (b[i] as number))), 0);

describe('layerBoundaries', () => {
  it('finds one boundary per layer, in order', async () => {
    expect((await layerBoundaries(await load('tierlab/tiny-code-encoder', 'model.onnx'))).map((b) => b.layer)).toEqual([
      0, 1, 2, 3,
    ]);
    expect((await layerBoundaries(await load('tierlab/tiny-code-encoder-student', 'model.onnx'))).map((b) => b.tensor)).toEqual([
      'layer_0_output',
      'layer_1_output',
    ]);
  });
});

describe('cutModel', () => {
  it.each([
    ['tierlab/tiny-code-encoder', 'model.onnx'],
    ['tierlab/tiny-code-encoder', 'model_int8.onnx'],
    ['tierlab/tiny-code-encoder', 'model_q4.onnx'],
  ])('%s %s: head then tail matches the full model at every layer boundary', async (id, file) => {
    const bytes = await load(id, file);
    const input = feeds();
    const full = (await run(bytes, input)).logits!.data as Float32Array;
    const boundaries = layerBoundaries(bytes);
    for (const [i, { tensor }] of boundaries.entries()) {
      const cut = cutModel(bytes, tensor);
      // Layers after the cut still mask padding; after the last layer only the pooler and head remain.
      expect(cut.tailInputs).toEqual(i < boundaries.length - 1 ? ['attention_mask'] : []);
      const hidden = (await run(cut.head, input))[tensor]!;
      expect(hidden.dims).toEqual([3, 24, 128]);
      const tailFeeds = Object.fromEntries([[tensor, hidden], ...cut.tailInputs.map((n) => [n, input[n]!])]);
      const out = await run(cut.tail, tailFeeds);
      expect(maxAbsDiff(out.logits!.data as Float32Array, full), `${file} cut at ${tensor}`).toBeLessThan(1e-5);
      // The pieces are smaller than the whole: weights are split, not copied to both sides.
      expect(cut.head.length + cut.tail.length).toBeLessThan(bytes.length * 1.1);
    }
  });

  it('refuses a tensor nothing produces', async () => {
    const bytes = await load('tierlab/tiny-code-encoder', 'model.onnx');
    expect(() => cutModel(bytes, 'nowhere')).toThrow(/no node produces "nowhere"/);
  });
});
