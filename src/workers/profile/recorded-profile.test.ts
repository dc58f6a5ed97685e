// The profile parser and aggregation on traces onnxruntime-web really printed: the fixture encoder profiled in
// Chromium on WASM and on WebGPU (SwiftShader), recorded with
//   npm run bench -- --model tierlab/tiny-code-encoder --batches 1,4 --ci 0.25 --profile --trace <file>
// (--seq 128 on WASM; --backend webgpu --webgpu-swiftshader --seq 32 on WebGPU). Expected figures are worked out
// here from the raw events with plain reductions, not with the code under test.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { gpuStepMs, parseOrtTrace, profileBatches, type ProfiledBatchRuns } from '../../bench/profile/ort-trace.ts';
import { summarizeProfile } from '../../bench/profile/profile-summary.ts';
import { nodeLayers } from './node-layers.ts';

const TESTING = 'src/bench/profile/testing';
const ENCODER = readFileSync('models/mirror/tierlab/tiny-code-encoder/onnx/model.onnx');

interface RawEvent {
  cat: string;
  name: string;
  ts: number;
  dur: number;
  args: Record<string, unknown>;
}

function recorded(name: string): { text: string; raw: RawEvent[] } {
  const text = readFileSync(`${TESTING}/${name}`, 'utf8');
  return { text, raw: JSON.parse(text) as RawEvent[] };
}

/** Recorded runs among all model_run events, in order: indices 2–6 (batch 1) and 9–13 (batch 4). */
const RECORDED = [
  [2, 3, 4, 5, 6],
  [9, 10, 11, 12, 13],
];
/**
 * Both recordings ran batch sizes 1 then 4, two unrecorded runs then five recorded ones each. The wall times were not
 * kept with the recordings: each recorded run's model_run time plus 1 ms stands in for its wall time.
 */
function planOf(raw: RawEvent[]): ProfiledBatchRuns[] {
  const runs = raw.filter((e) => e.name === 'model_run');
  return [1, 4].map((batchSize, i) => ({
    batchSize,
    warmupRuns: 2,
    wallMs: RECORDED[i]!.map((r) => runs[r]!.dur / 1000 + 1),
  }));
}

const inRun = (e: RawEvent, run: RawEvent) => e.ts >= run.ts && e.ts <= run.ts + run.dur;

describe('a WASM profile of the fixture encoder', () => {
  const { text, raw } = recorded('encoder-wasm.trace.json');
  const layers = nodeLayers(ENCODER);
  const batches = profileBatches(parseOrtTrace(text.split('\n')), planOf(raw), layers.byName);
  const runs = raw.filter((e) => e.name === 'model_run');

  it('reads every model_run and cuts the recorded runs of each batch size', () => {
    expect(runs).toHaveLength(14);
    expect(batches.map((b) => b.batchSize)).toEqual([1, 4]);
    batches.forEach((b, i) => expect(b.runMs).toEqual(RECORDED[i]!.map((r) => runs[r]!.dur / 1000)));
  });

  it('gives each run the sum of its kernel events, and every node runs on the CPU provider', () => {
    batches.forEach((b, i) =>
      RECORDED[i]!.forEach((r, j) => {
        const kernels = raw.filter((e) => e.cat === 'Node' && e.name.endsWith('_kernel_time') && inRun(e, runs[r]!));
        const sum = kernels.reduce((s, e) => s + e.dur, 0) / 1000;
        expect(b.nodes.reduce((s, n) => s + (n.ms[j] ?? 0), 0)).toBeCloseTo(sum, 9);
        expect(b.nodes).toHaveLength(kernels.length);
      }),
    );
    for (const b of batches) for (const n of b.nodes) expect(n.provider).toBe('CPUExecutionProvider');
  });

  it('sums op types as the events do over the middle runs, MatMul first, adding up to the kernels, no fallback or copy', () => {
    const b4 = batches[1]!;
    const s = summarizeProfile(b4, 'wasm');
    // From the events alone: each recorded run's kernel total, the middle three of five by wall time (model_run's
    // here, as the plan's walls follow it), and MatMul's mean there.
    const total = (r: number) =>
      raw.filter((e) => e.cat === 'Node' && e.name.endsWith('_kernel_time') && inRun(e, runs[r]!)).reduce((x, e) => x + e.dur, 0);
    const middle = RECORDED[1]!
      .map((r, j) => ({ j, t: runs[r]!.dur }))
      .sort((a, b) => a.t - b.t)
      .slice(1, 4)
      .map((x) => x.j)
      .sort();
    expect(s.used).toEqual(middle);
    const matmul =
      middle
        .map((j) => raw.filter((e) => e.cat === 'Node' && e.args.op_name === 'MatMul' && inRun(e, runs[RECORDED[1]![j]!]!)))
        .reduce((x, es) => x + es.reduce((y, e) => y + e.dur, 0), 0) /
      1000 /
      3;
    expect(s.byOp[0]?.op).toBe('MatMul');
    expect(s.byOp[0]?.ms).toBeCloseTo(matmul, 9);
    expect(s.kernelMs).toBeCloseTo(middle.reduce((x, j) => x + total(RECORDED[1]![j]!), 0) / 1000 / 3, 9);
    expect(s.byOp.find((o) => o.op === 'Softmax')?.nodes).toBe(4);
    expect(s.byOp.reduce((x, o) => x + o.ms, 0)).toBeCloseTo(s.kernelMs, 9);
    expect(s.byLayer.reduce((x, l) => x + l.ms, 0)).toBeCloseTo(s.kernelMs, 9);
    expect(s.fallbacks).toEqual([]);
    expect(s.copies).toEqual([]);
  });

  it('puts each of the four layers one Softmax, one BiasGelu and its LayerNorms, in execution order', () => {
    expect(layers.layers).toBe(4);
    const nodes = batches[1]!.nodes;
    for (let layer = 0; layer < 4; layer++) {
      const ops = nodes.filter((n) => n.layer === layer).map((n) => n.op);
      expect(ops.filter((o) => o === 'Softmax')).toHaveLength(1);
      // BiasGelu is a fusion with a new name (BiasGelu_token_N): it takes the layer of the node before it.
      expect(ops.filter((o) => o === 'BiasGelu')).toHaveLength(1);
      // Post-norm: after attention and after the feed-forward block; the first layer also holds the embeddings' one.
      expect(ops.filter((o) => o === 'LayerNormalization')).toHaveLength(layer === 0 ? 3 : 2);
    }
    const order = nodes.map((n) => n.layer ?? 99);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    // The classifier head lies after the last layer.
    expect(nodes.filter((n) => n.layer === null).map((n) => n.op)).toContain('Gemm');
    const s = summarizeProfile(batches[1]!, 'wasm');
    expect(s.byLayer.map((l) => l.layer)).toEqual([0, 1, 2, 3, null]);
    for (const l of s.byLayer.slice(0, 4)) expect(l.share).toBeGreaterThan(0.15);
  });
});

describe('a WebGPU profile of the fixture encoder (SwiftShader)', () => {
  const { text, raw } = recorded('encoder-webgpu.trace.json');
  const events = parseOrtTrace(text.split('\n'));
  const batches = profileBatches(events, planOf(raw), nodeLayers(ENCODER).byName);
  const runs = raw.filter((e) => e.name === 'model_run');

  it('times a node with dispatches by the GPU timestamps of its dispatches in that run', () => {
    const b1 = batches[0]!;
    const run = runs[RECORDED[0]![0]!]!;
    const gpu = raw.filter((e) => e.cat === 'Api' && inRun(e, run));
    expect(gpu.length).toBeGreaterThan(50);
    const matmul = b1.nodes.find((n) => n.op === 'MatMul')!;
    expect(matmul.clock).toBe('gpu');
    const expected = gpu.filter((e) => e.name.startsWith(`${matmul.name}&`)).reduce((x, e) => x + e.dur, 0) / 1000;
    expect(matmul.ms[0]).toBeCloseTo(expected, 9);
    // A node without a dispatch keeps the CPU clock.
    const shape = b1.nodes.find((n) => n.op === 'Shape')!;
    expect(shape.clock).toBe('cpu');
  });

  it('names the nodes that ran on the CPU and the uploads to the GPU', () => {
    const s = summarizeProfile(batches[0]!, 'webgpu');
    const cpu = raw.filter(
      (e) => e.cat === 'Node' && e.args.provider === 'CPUExecutionProvider' && inRun(e, runs[RECORDED[0]![0]!]!),
    );
    expect(s.fallbacks.map((n) => n.op).sort()).toEqual(cpu.map((e) => String(e.args.op_name)).sort());
    expect(s.fallbacks.map((n) => n.op).sort()).toEqual(['Cast', 'Shape', 'Slice']);
    expect(s.copies.map((n) => n.op)).toEqual(['MemcpyFromHost', 'MemcpyFromHost']);
  });

  it('reports the GPU clock step the durations show', () => {
    // SwiftShader under --enable-unsafe-webgpu gives unquantized timestamps: onnxruntime's whole microseconds.
    expect(gpuStepMs(events)).toBe(0.001);
    expect(gpuStepMs(parseOrtTrace(recorded('encoder-wasm.trace.json').text.split('\n')))).toBeNull();
  });
});
