// Weight quantization operators on the fixture encoder (Node, onnxruntime-node): the rewritten graphs load and run,
// their weights follow the formulas, and they agree with the fp32 model on the labelled language set.
import { beforeAll, describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { DT, GraphBuilder } from '../../../models/fixtures/onnx-graph.ts';
import { compareLogits } from '../../bench/accuracy/agreement.ts';
import { parseModel } from '../onnx/model.ts';
import { floats, openModel } from './onnx-edit.ts';
import { dequantizeQ4 } from './quant-math.ts';
import { dynamicInt8, weightOnlyQ4 } from './weight-quant.ts';
import { fixtureModel, languageFeeds, logits } from './testing/fixture-runs.ts';

let fp32: Uint8Array;
let feeds: Record<string, ort.Tensor>;
let reference: { data: Float32Array; width: number };

beforeAll(async () => {
  fp32 = await fixtureModel();
  ({ feeds } = await languageFeeds());
  reference = await logits(fp32, feeds);
});

const ops = (bytes: Uint8Array) => parseModel(bytes).nodes.map((n) => n.op);

/** y[1, n] = x[1, k] · W[k, n]: one weighted MatMul. */
function tinyMatMul(w: Float32Array, k: number, n: number): Uint8Array {
  const g = new GraphBuilder('matmul');
  const x = g.input('x', DT.FLOAT, [1, k]);
  g.node('MatMul', [x, g.init('w', [k, n], w)], {}, 'y');
  g.output('y', DT.FLOAT, [1, n]);
  return g.encode('matmul');
}

async function runOne(model: Uint8Array, x: Float32Array, k: number): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(model);
  const out = await session.run({ x: new ort.Tensor('float32', x, [1, k]) });
  await session.release();
  return out['y']!.data as Float32Array;
}

describe('dynamic int8', () => {
  for (const perChannel of [false, true]) {
    it(`${perChannel ? 'per channel' : 'per tensor'}: every weighted MatMul becomes MatMulInteger, and the argmax agrees ≥ 95%`, async () => {
      const { bytes, report } = dynamicInt8(fp32, perChannel);
      const before = ops(fp32).filter((o) => o === 'MatMul').length;
      expect(report.rewritten).toBeGreaterThan(0);
      expect(ops(bytes).filter((o) => o === 'MatMulInteger')).toHaveLength(report.rewritten);
      // Attention's two activation × activation MatMuls per layer stay.
      expect(ops(bytes).filter((o) => o === 'MatMul')).toHaveLength(before - report.rewritten);
      expect(bytes.length).toBeLessThan(fp32.length * 0.4);
      const a = compareLogits(reference.data, (await logits(bytes, feeds)).data, reference.width);
      expect(a.argmaxAgreement).toBeGreaterThanOrEqual(0.95);
      expect(a.cosineMin).toBeGreaterThan(0.97);
    });
  }

  it('stores weights as the formula says: per-channel scales are max|column| / 127 (ORT: 2·max / 254)', () => {
    const source = openModel(fp32);
    const { bytes } = dynamicInt8(fp32, true);
    const m = openModel(bytes);
    const [name, w] = [...source.tensors].find(([n, t]) => t.dims.length === 2 && m.tensors.has(`${n}_scale`))!;
    const [k, n] = w.dims as [number, number];
    const values = floats(w);
    const scales = floats(m.tensors.get(`${name}_scale`)!);
    expect(scales).toHaveLength(n);
    for (const col of [0, n - 1]) {
      let max = 0;
      for (let r = 0; r < k; r++) max = Math.max(max, Math.abs(values[r * n + col]!));
      expect(scales[col]).toBeCloseTo(max / 127, 7);
    }
    const q = new Int8Array(m.tensors.get(`${name}_quantized`)!.data.buffer);
    expect(q[0]).toBe(Math.max(-127, Math.min(127, Math.round(values[0]! / scales[0]!))));
    expect(q.reduce((a, v) => Math.min(a, v), 0)).toBeGreaterThanOrEqual(-127);
  });
});

describe('4-bit weights (MatMulNBits)', () => {
  for (const symmetric of [false, true]) {
    for (const blockSize of [32, 128] as const) {
      const form = symmetric ? 'symmetric' : 'zero points';
      it(`block ${blockSize}, ${form}: runs, dequantizes within MLAS's error, and agrees with fp32`, async () => {
        const { bytes, report } = weightOnlyQ4(fp32, blockSize, symmetric);
        expect(ops(bytes).filter((o) => o === 'MatMulNBits')).toHaveLength(report.rewritten);
        // The weights keep their K·N values (the scales add a few).
        expect(report.paramsAfter).toBeGreaterThanOrEqual(report.paramsBefore);
        const m = openModel(bytes);
        const source = openModel(fp32);
        const prefix = `_q4${symmetric ? 's' : 'a'}_b${blockSize}`;
        const [name, w] = [...source.tensors].find(([n]) => m.tensors.has(`${n}${prefix}`))!;
        const [k, n] = w.dims as [number, number];
        const packed = m.tensors.get(`${name}${prefix}`)!;
        expect(packed.dims).toEqual([n, Math.ceil(k / blockSize), blockSize / 2]);
        const scales = floats(m.tensors.get(`${name}${prefix}_scales`)!);
        const zeroPoints = m.tensors.get(`${name}${prefix}_zero_points`)?.data ?? null;
        expect(zeroPoints === null).toBe(symmetric);
        const blocks = { packed: packed.data, scales, zeroPoints, blocksPerCol: packed.dims[1]! };
        const back = dequantizeQ4(blocks, k, n, blockSize);
        const values = floats(w);
        // Symmetric maps the largest magnitude to level 0, so the other sign's extreme can lose a whole step (level
        // 16 does not exist); with zero points every value is within half a step.
        for (let i = 0; i < values.length; i++) {
          const step = Math.abs(scales[(i % n) * packed.dims[1]! + Math.floor(Math.floor(i / n) / blockSize)]!);
          expect(Math.abs(back[i]! - values[i]!)).toBeLessThanOrEqual((symmetric ? step : step / 2) + 1e-6);
        }
        const a = compareLogits(reference.data, (await logits(bytes, feeds)).data, reference.width);
        // The fixture's random 128-wide weights are a hard case for 4 bits (its logits have small margins): the
        // shipped q4 variant agrees 67.5% too. Stated thresholds: 60% at block 32, 40% at block 128.
        expect(a.argmaxAgreement).toBeGreaterThanOrEqual(blockSize === 32 ? 0.6 : 0.4);
        expect(bytes.length).toBeLessThan(fp32.length * 0.3);
        diffs.set(`${blockSize} ${form}`, a.maxAbsDiff);
      });
    }
  }

  it('MatMulNBits in onnxruntime-node computes what the written levels and zero points say', async () => {
    // One MatMul, W[64, 8] with a column of negatives only and one of positives only, so zero points are 15 and 0.
    const k = 64;
    const n = 8;
    const w = new Float32Array(k * n).map((_, i) => (i % n === 0 ? -1 : i % n === 1 ? 1 : 0.5) * (((i * 37) % 17) / 17 + 0.1));
    const x = new Float32Array(k).map((_, i) => Math.sin(i));
    const model = tinyMatMul(w, k, n);
    for (const symmetric of [false, true]) {
      const q = weightOnlyQ4(model, 32, symmetric).bytes;
      const out = await runOne(q, x, k);
      const m = openModel(q);
      const t = (suffix: string) => [...m.tensors.values()].find((v) => v.name.endsWith(suffix));
      const packed = t('_b32')!;
      const blocks = {
        packed: packed.data,
        scales: floats(t('_scales')!),
        zeroPoints: t('_zero_points')?.data ?? null,
        blocksPerCol: 2,
      };
      const dq = dequantizeQ4(blocks, k, n, 32);
      for (let col = 0; col < n; col++) {
        let want = 0;
        for (let row = 0; row < k; row++) want += x[row]! * dq[row * n + col]!;
        expect(out[col]!).toBeCloseTo(want, 4);
      }
    }
  });
  it('smaller blocks are closer to fp32', () => {
    for (const form of ['zero points', 'symmetric']) expect(diffs.get(`32 ${form}`)).toBeLessThan(diffs.get(`128 ${form}`)!);
  });

  it("block 32 symmetric writes the same weights as the fixture builder's q4 variant", async () => {
    const shipped = openModel(await fixtureModel('model_q4.onnx'));
    const ours = openModel(weightOnlyQ4(fp32, 32, true).bytes);
    const packedOf = (m: ReturnType<typeof openModel>) =>
      [...m.tensors.values()].filter((t) => t.dims.length === 3).map((t) => Buffer.from(t.data).toString('base64'));
    expect(packedOf(ours).sort()).toEqual(packedOf(shipped).sort());
  });
});

const diffs = new Map<string, number>();

describe('provenance in the file', () => {
  it('metadata added to a model reads back and the model still loads', async () => {
    const { withMetadata, readMetadata } = await import('./onnx-edit.ts');
    const tagged = withMetadata(fp32, 'tierlab.operators', '{"operators":[{"kind":"fp16"}]}');
    expect(readMetadata(tagged).get('tierlab.operators')).toBe('{"operators":[{"kind":"fp16"}]}');
    expect((await logits(tagged, feeds)).data).toHaveLength(reference.data.length);
  });
});
