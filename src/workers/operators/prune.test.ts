// Pruning operators (Node, onnxruntime-node): structured pruning really shrinks the matrices and equals a model built
// with fewer neurons or heads; depth pruning equals the graph cutter's head plus the classifier; unstructured pruning
// keeps shapes and the file size, and shrinks only once compressed.
import { OperatorError } from '../../shared/errors.ts';
import { gzipSync } from 'node:zlib';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildEncoderGraph } from '../../../models/fixtures/encoder-graph.ts';
import {
  generateEncoderWeights,
  type EncoderConfig,
  type EncoderWeights,
  type Linear,
} from '../../../models/fixtures/encoder-weights.ts';
import { compareLogits } from '../../bench/accuracy/agreement.ts';
import { cutModel } from '../tiers/onnx-cut.ts';
import { layerBoundaries } from '../onnx/layer-boundaries.ts';
import { openModel } from './onnx-edit.ts';
import { pruneDepth } from './prune-depth.ts';
import { findFfns, pruneFfn } from './prune-ffn.ts';
import { findAttention, pruneHeads } from './prune-heads.ts';
import { magnitudePrune, pruneUnstructured } from './prune-unstructured.ts';
import { fixtureModel, languageFeeds, logits } from './testing/fixture-runs.ts';

const CONFIG: EncoderConfig = {
  vocabSize: 512,
  hidden: 128,
  layers: 4,
  heads: 4,
  intermediate: 512,
  maxPositions: 512,
  labels: ['python', 'java', 'c', 'cpp', 'javascript'],
};
let weights: EncoderWeights;
let model: Uint8Array;
let feeds: Record<string, ort.Tensor>;

beforeAll(async () => {
  weights = generateEncoderWeights(CONFIG, 7);
  model = buildEncoderGraph(CONFIG, weights, 'fp32', 'pruning test');
  ({ feeds } = await languageFeeds(12));
});

const columns = (l: Linear, keep: number[]): Linear => ({
  w: Float32Array.from({ length: l.k * keep.length }, (_, i) => l.w[Math.floor(i / keep.length) * l.n + keep[i % keep.length]!]!),
  b: Float32Array.from(keep, (j) => l.b[j]!),
  k: l.k,
  n: keep.length,
});
const rows = (l: Linear, keep: number[]): Linear => ({
  w: Float32Array.from({ length: keep.length * l.n }, (_, i) => l.w[keep[Math.floor(i / l.n)]! * l.n + (i % l.n)]!),
  b: l.b,
  k: keep.length,
  n: l.n,
});

async function maxDiff(a: Uint8Array, b: Uint8Array): Promise<number> {
  return compareLogits((await logits(a, feeds)).data, (await logits(b, feeds)).data, 5).maxAbsDiff;
}

describe('structured: FFN neurons', () => {
  it('finds one FFN per layer (not the pooler), and ranks neurons by ‖W1[:, j]‖·‖W2[j, :]‖', () => {
    const ffns = findFfns(openModel(model));
    expect(ffns.map((f) => f.width)).toEqual([512, 512, 512, 512]);
    const { kept } = pruneFfn(model, 0.5);
    const l = weights.layers[0]!;
    const score = (j: number) => {
      let up = 0;
      let down = 0;
      for (let r = 0; r < l.ff1.k; r++) up += l.ff1.w[r * l.ff1.n + j]! ** 2;
      for (let c = 0; c < l.ff2.n; c++) down += l.ff2.w[j * l.ff2.n + c]! ** 2;
      return Math.sqrt(up * down);
    };
    const threshold = Math.min(...kept[0]!.map(score));
    const dropped = Array.from({ length: 512 }, (_, j) => j).filter((j) => !kept[0]!.includes(j));
    expect(dropped.every((j) => score(j) <= threshold)).toBe(true);
  });

  it('halving the neurons shrinks W1 and W2, and equals the encoder built with those 256 neurons', async () => {
    const { bytes, kept, report } = pruneFfn(model, 0.5);
    expect(kept.map((k) => k.length)).toEqual([256, 256, 256, 256]);
    const shapes = [...openModel(bytes).tensors.values()].filter((t) => t.dims.length === 2).map((t) => t.dims.join('x'));
    expect(shapes.filter((s) => s === '128x256')).toHaveLength(4);
    expect(shapes.filter((s) => s === '256x128')).toHaveLength(4);
    expect(shapes).not.toContain('128x512');
    expect(report.paramsBefore - report.paramsAfter).toBe(4 * (2 * 128 * 256 + 256));
    const smaller: EncoderWeights = {
      ...weights,
      layers: weights.layers.map((l, i) => ({ ...l, ff1: columns(l.ff1, kept[i]!), ff2: rows(l.ff2, kept[i]!) })),
    };
    const built = buildEncoderGraph({ ...CONFIG, intermediate: 256 }, smaller, 'fp32', 'built smaller');
    expect(await maxDiff(bytes, built)).toBeLessThan(1e-4);
  });
});

describe('structured: attention heads', () => {
  it('finds every attention block, and removing half the heads equals the encoder built with 2 heads of 32', async () => {
    expect(findAttention(openModel(model))).toHaveLength(4);
    const { bytes, kept } = pruneHeads(model, 0.5);
    expect(kept.map((k) => k.length)).toEqual([2, 2, 2, 2]);
    const shapes = [...openModel(bytes).tensors.values()].filter((t) => t.dims.length === 2).map((t) => t.dims.join('x'));
    expect(shapes.filter((s) => s === '128x64')).toHaveLength(12);
    expect(shapes.filter((s) => s === '64x128')).toHaveLength(4);
    const cols = (keep: number[]) => keep.flatMap((h) => Array.from({ length: 32 }, (_, i) => h * 32 + i));
    const smaller: EncoderWeights = {
      ...weights,
      layers: weights.layers.map((l, i) => {
        const c = cols(kept[i]!);
        return { ...l, q: columns(l.q, c), k: columns(l.k, c), v: columns(l.v, c), o: rows(l.o, c) };
      }),
    };
    const built = buildEncoderGraph({ ...CONFIG, heads: 2, headDim: 32 }, smaller, 'fp32', 'built smaller');
    expect(await maxDiff(bytes, built)).toBeLessThan(1e-4);
  });
});

describe('depth', () => {
  it("dropping the top layer equals the cutter's head to layer 3 followed by the tail after layer 4", async () => {
    const { bytes, keptLayers, boundary } = pruneDepth(model, 1);
    expect(keptLayers).toBe(3);
    const bounds = layerBoundaries(model);
    expect(boundary).toBe(bounds[2]!.tensor);
    const head = cutModel(model, boundary).head;
    const tail = cutModel(model, bounds[3]!.tensor);
    const headOut = await ort.InferenceSession.create(head).then((s) => s.run(feeds));
    const tailSession = await ort.InferenceSession.create(tail.tail);
    const tailFeeds: Record<string, ort.Tensor> = { [bounds[3]!.tensor]: headOut[boundary]! };
    for (const name of tail.tailInputs) tailFeeds[name] = feeds[name]!;
    const expected = (await tailSession.run(tailFeeds)).logits!.data as Float32Array;
    const got = (await logits(bytes, feeds)).data;
    expect(compareLogits(expected, got, 5).maxAbsDiff).toBeLessThan(1e-5);
    // Three layers' weights are left; the dropped layer's are gone.
    expect(layerBoundaries(bytes)).toHaveLength(3);
    expect(bytes.length).toBeLessThan(model.length);
  });

  it('refuses to drop every layer, and a graph with no layers', async () => {
    expect(() => pruneDepth(model, 4)).toThrow(/drop 1 to 3/);
    // The decoder fixture has a KV cache: the layer finder refuses it by name.
    const decoder = await fixtureModel('model.onnx', 'tiny-code-decoder');
    expect(() => pruneDepth(decoder, 1)).toThrow(/KV cache/);
  });
});

describe('unstructured', () => {
  it('zeroes the smallest magnitudes only', () => {
    expect(Array.from(magnitudePrune(Float32Array.of(0.5, -0.1, 0.3, -0.9, 0.2), 0.4))).toEqual(
      [0.5, 0, 0.3, -0.9, 0].map(Math.fround),
    );
  });

  it('breaks ties at the threshold by position, pruning exactly the share asked (issue 28: [1, 1, 0.5] gave [0, 0, 0.5])', () => {
    expect(Array.from(magnitudePrune(Float32Array.of(1, 1, 0.5), 2 / 3))).toEqual([0, 1, 0]);
    expect(Array.from(magnitudePrune(Float32Array.of(-2, 2, 2, 1), 0.5))).toEqual([0, 2, 2, 0]);
    const zeros = (a: Float32Array) => a.filter((v) => v === 0).length;
    expect(zeros(magnitudePrune(new Float32Array(10).fill(0.25), 0.3))).toBe(3);
  });

  it('50% sparsity: same shapes and file size, smaller only when compressed', async () => {
    const fp32 = await fixtureModel();
    const { bytes, zeros, weights: total } = pruneUnstructured(fp32, 0.5);
    expect(zeros / total).toBeGreaterThanOrEqual(0.5);
    expect(Math.abs(bytes.length - fp32.length)).toBeLessThan(fp32.length * 0.01);
    expect(gzipSync(bytes).length).toBeLessThan(gzipSync(fp32).length * 0.9);
    expect((await logits(bytes, feeds)).data).toHaveLength(12 * 5);
  });
});

it('OperatorError names the model problem', () => {
  expect(new OperatorError('x').name).toBe('OperatorError');
});
