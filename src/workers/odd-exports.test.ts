// The odd exports people bring (models/fixtures/odd-exports.ts), run in onnxruntime-node with the worker's input
// planner: each case runs with the shapes recorded, or is refused up front naming the input; none reaches a raw
// onnxruntime error.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import type { TensorInfo } from '../shared/run-result.ts';
import { graphFacts } from './inputs/graph-facts.ts';
import { planFeeds, type HostFeeds } from './inputs/inputs.ts';

const dir = path.resolve(import.meta.dirname, '../../models/mirror/tierlab-tests/odd');

async function open(name: string) {
  const bytes = new Uint8Array(await readFile(path.join(dir, `${name}.onnx`)));
  const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1 });
  const inputs: TensorInfo[] = session.inputMetadata.map((m) =>
    m.isTensor
      ? { name: m.name, type: m.type, shape: m.shape.map((d) => (typeof d === 'number' ? d : String(d))) }
      : { name: m.name, type: 'non-tensor', shape: [] },
  );
  return { session, inputs, facts: graphFacts(bytes, inputs) };
}

async function runFeeds(session: ort.InferenceSession, host: HostFeeds) {
  const feeds = Object.fromEntries(
    Object.entries(host).map(([k, t]) => [k, new ort.Tensor(t.type as ort.Tensor.Type, t.data as ort.Tensor.DataType, t.dims)]),
  );
  return session.run(feeds);
}

/** Plans `seq` tokens and runs `batch`; returns the recorded shapes and the first output's dims. */
async function plannedRun(name: string, seq: number, batch: number) {
  const { session, inputs, facts } = await open(name);
  try {
    const plan = planFeeds(inputs, seq, null, facts);
    const feeds = plan.feeds(batch);
    const out = await runFeeds(session, feeds);
    const first = Object.values(out)[0] as ort.Tensor;
    expect(Array.from(first.data as Float32Array).every(Number.isFinite), `${name} gives finite outputs`).toBe(true);
    return { summary: plan.summary(batch), feeds, dims: first.dims };
  } finally {
    await session.release();
  }
}

describe('odd exports', () => {
  it('a single fixed [1, 4] input named "0": batch 1 runs, batch 2 is refused (it once reported 2× the throughput)', async () => {
    const ok = await plannedRun('fixed-unnamed-input', 4, 1);
    expect(ok.summary.shapes).toEqual({ 0: [1, 4] });
    await expect(plannedRun('fixed-unnamed-input', 4, 2)).rejects.toMatchObject({
      name: 'InputSynthesisError',
      message: expect.stringMatching(
        /no input of this model has a variable first \(batch\) axis \("0" \[1, 4\]\), so batch size 2 would run one fixed-shape sample.*Set Batch sizes to 1/,
      ),
    });
  });

  it('fixed batch of 1: runs batch 1 and refuses batch 2 up front, naming the input', async () => {
    const ok = await plannedRun('fixed-batch', 16, 1);
    expect(ok.summary.shapes).toEqual({ input_ids: [1, 16] });
    await expect(plannedRun('fixed-batch', 16, 2)).rejects.toMatchObject({
      name: 'InputSynthesisError',
      message: expect.stringMatching(/"input_ids" has shape \[1, sequence\]: its batch axis is fixed at 1/),
    });
  });

  it('fixed sequence of 7: refuses 128 tokens naming the fix, and records 7 when run', async () => {
    await expect(plannedRun('fixed-sequence', 128, 2)).rejects.toMatchObject({
      name: 'InputSynthesisError',
      message: expect.stringMatching(/"input_ids" has shape \[N, 7\].*Set Sequence length to 7/),
    });
    const ok = await plannedRun('fixed-sequence', 7, 2);
    expect(ok.summary).toMatchObject({ sequenceLength: 7, tokensPerSampleMean: 7 });
    expect(ok.summary.shapes).toEqual({ input_ids: [2, 7], attention_mask: [2, 7] });
  });

  it('KV cache: past length 0 with an empty past, the mask over past + sequence, positions generated', async () => {
    const ok = await plannedRun('kv-cache', 8, 2);
    expect(ok.summary.shapes).toEqual({
      input_ids: [2, 8],
      attention_mask: [2, 8],
      position_ids: [2, 8],
      'past_key_values.0.key': [2, 2, 0, 4],
    });
    expect(ok.dims).toEqual([2, 8]);
  });

  it('finds the vocabulary behind Cast and Reshape and keeps ids inside it', async () => {
    const { facts } = await open('vocab-behind-reshape');
    expect(facts.tables.get('input_ids')?.map((t) => t.rows)).toEqual([20]);
    const ok = await plannedRun('vocab-behind-reshape', 32, 4);
    expect(Math.max(...Array.from(ok.feeds.input_ids!.data as BigInt64Array, Number))).toBeLessThan(20);
    expect(ok.summary.description).toContain('input_ids < 20');
  });

  it('refuses a sequence longer than the 64-row position table, and runs within it', async () => {
    await expect(plannedRun('short-position-table', 128, 1)).rejects.toMatchObject({
      name: 'InputSynthesisError',
      message: expect.stringMatching(/position table "position_embeddings_\d+" has 64 rows.*Set Sequence length to 64 or less/),
    });
    const ok = await plannedRun('short-position-table', 64, 2);
    expect(Array.from(ok.feeds.position_ids!.data as BigInt64Array, Number).slice(0, 3)).toEqual([0, 1, 2]);
  });

  it('positions the graph builds itself (Shape → Range) into an 8-row table: 128 tokens refused naming the limit, 8 run', async () => {
    // onnxruntime's own answer was a raw Gather error: "indices element out of data bounds".
    await expect(plannedRun('positions-in-graph', 128, 1)).rejects.toMatchObject({
      name: 'InputSynthesisError',
      message: expect.stringMatching(/position table "wpe_\d+" has 8 rows.*Set Sequence length to 8 or less/),
    });
    const ok = await plannedRun('positions-in-graph', 8, 2);
    expect(ok.dims).toEqual([2, 8]);
  });

  it('fills a float mask the graph adds to scores with 0 (keep), not random values', async () => {
    const { facts } = await open('additive-mask');
    expect([...facts.additiveMasks]).toEqual(['attention_mask']);
    const ok = await plannedRun('additive-mask', 12, 2);
    expect(Array.from(ok.feeds.attention_mask!.data as Float32Array).every((x) => x === 0)).toBe(true);
    expect(ok.summary.description).toContain('attention_mask additive');
  });

  it('feeds int32 ids and masks as int32', async () => {
    const ok = await plannedRun('int32-ids', 16, 3);
    expect(ok.feeds.input_ids!.data).toBeInstanceOf(Int32Array);
    expect(ok.feeds.attention_mask!.data).toBeInstanceOf(Int32Array);
    expect(ok.dims).toEqual([3, 8]);
  });

  it.each(['post-norm-ln17', 'pre-norm-decomposed'])('%s runs as an encoder classifier', async (name) => {
    const ok = await plannedRun(name, 16, 2);
    expect(ok.dims).toEqual([2, 3]);
  });
});
