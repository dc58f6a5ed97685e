// Graph cutting checked on the fixture models in onnxruntime-node: head then tail gives the full model's output, at
// boundaries found from the graph's structure (fused or decomposed LayerNorm, post-norm or pre-norm, opset 13 or 17).
import { SplitRefusal } from '../../shared/errors.ts';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { cutModel } from './onnx-cut.ts';
import { boundaryLabel, layerBoundaries } from '../onnx/layer-boundaries.ts';

const mirror = path.resolve(import.meta.dirname, '../../../models/mirror');
const load = (id: string, file: string) => readFile(path.join(mirror, id, 'onnx', file)).then((b) => new Uint8Array(b));
const odd = (name: string) => readFile(path.join(mirror, 'tierlab-tests/odd', `${name}.onnx`)).then((b) => new Uint8Array(b));

/** Batch of 3 rows of 24 tokens, the last row padded after 10, ids below `vocab`. */
function feeds(vocab = 505): Record<string, ort.Tensor> {
  const batch = 3;
  const seq = 24;
  const ids = new BigInt64Array(batch * seq);
  const mask = new BigInt64Array(batch * seq);
  for (let r = 0; r < batch; r++)
    for (let c = 0; c < seq; c++) {
      const real = r < 2 || c < 10;
      ids[r * seq + c] = real ? BigInt(5 + ((r * 31 + c * 17) % (vocab - 5))) : 0n;
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
  it('finds one boundary per layer, in order, keeping a named layer output', async () => {
    const teacher = layerBoundaries(await load('tierlab/tiny-code-encoder', 'model.onnx'));
    expect(teacher.map((b) => b.layer)).toEqual([0, 1, 2, 3]);
    expect(teacher.map((b) => b.tensor)).toEqual(['layer_0_output', 'layer_1_output', 'layer_2_output', 'layer_3_output']);
    expect(teacher.map(boundaryLabel)).toEqual([
      'after layer 1 of 4',
      'after layer 2 of 4',
      'after layer 3 of 4',
      'after layer 4 of 4',
    ]);
    expect(layerBoundaries(await load('tierlab/tiny-code-encoder-student', 'model.onnx')).map((b) => b.tensor)).toEqual([
      'layer_0_output',
      'layer_1_output',
    ]);
  });

  it('finds the layers of unnamed post-norm (LayerNormalization) and pre-norm (decomposed) stacks', async () => {
    const post = layerBoundaries(await odd('post-norm-ln17'));
    expect(post.map(boundaryLabel)).toEqual(['after layer 1 of 3', 'after layer 2 of 3', 'after layer 3 of 3']);
    const pre = layerBoundaries(await odd('pre-norm-decomposed'));
    expect(pre.map(boundaryLabel)).toEqual(['after layer 1 of 3', 'after layer 2 of 3', 'after layer 3 of 3']);
    // Pre-norm cuts on the residual stream (an Add), post-norm at the LayerNorm's output.
    expect(new Set(post.map((b) => b.tensor)).size).toBe(3);
  });

  it('refuses a decoder with a KV cache by name, and finds nothing in a model without attention', async () => {
    const decoder = await odd('kv-cache');
    expect(() => layerBoundaries(decoder)).toThrow(SplitRefusal);
    expect(() => layerBoundaries(decoder)).toThrow(/input "past_key_values\.0\.key" is a KV cache/);
    expect(layerBoundaries(await odd('fixed-batch'))).toEqual([]);
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

  it.each(['post-norm-ln17', 'pre-norm-decomposed'])(
    '%s: head then tail matches the full model at every boundary',
    async (name) => {
      const bytes = await odd(name);
      const input = feeds(20);
      const full = (await run(bytes, input)).logits!.data as Float32Array;
      const boundaries = layerBoundaries(bytes);
      expect(boundaries).toHaveLength(3);
      for (const { tensor } of boundaries) {
        const cut = cutModel(bytes, tensor);
        const hidden = (await run(cut.head, input))[tensor]!;
        const tailFeeds = Object.fromEntries([[tensor, hidden], ...cut.tailInputs.map((n) => [n, input[n]!])]);
        const out = await run(cut.tail, tailFeeds);
        expect(maxAbsDiff(out.logits!.data as Float32Array, full), `${name} cut at ${tensor}`).toBeLessThan(1e-5);
      }
    },
  );

  it('refuses a tensor nothing produces', async () => {
    const bytes = await load('tierlab/tiny-code-encoder', 'model.onnx');
    expect(() => cutModel(bytes, 'nowhere')).toThrow(/no node produces "nowhere"/);
  });
});
