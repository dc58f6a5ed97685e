// Static PTQ (Node, onnxruntime-node): calibration ranges match a hand computation on a tiny graph, the QDQ graph
// computes what the formulas say, and the fixture encoder keeps ≥ 90% argmax agreement with fp32 on the language set.
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { compareLogits } from '../../bench/accuracy/agreement.ts';
import { DT, GraphBuilder } from '../../../models/fixtures/onnx-graph.ts';
import { parseModel } from '../onnx/model.ts';
import { affineUint8, fakeQuantUint8, symmetricInt8 } from './quant-math.ts';
import { activationTensors, RangeCollector, staticInt8, withCalibrationOutputs } from './static-int8.ts';
import { fixtureModel, languageFeeds, logits, snippetFeeds } from './testing/fixture-runs.ts';

/** y = relu(x) · W with W[3, 2]: the MatMul's activation is the Relu's output. */
function tinyGraph(w: Float32Array): Uint8Array {
  const g = new GraphBuilder('tiny');
  const x = g.input('x', DT.FLOAT, ['n', 3]);
  const relu = g.node('Relu', [x], {}, 'hidden');
  g.node('MatMul', [relu, g.init('w', [3, 2], w)], {}, 'y');
  g.output('y', DT.FLOAT, ['n', 2]);
  return g.encode('tiny');
}

async function calibrate(model: Uint8Array, batches: Record<string, ort.Tensor>[], method: 'minmax' | 'percentile', p = 99.99) {
  const tensors = activationTensors(model);
  const session = await ort.InferenceSession.create(withCalibrationOutputs(model, tensors));
  const collector = new RangeCollector();
  for (const feeds of batches) {
    const out = await session.run(feeds);
    for (const t of tensors) collector.add(t, (out[t] as ort.Tensor).data as Float32Array);
  }
  await session.release();
  return collector.ranges(method, p);
}

describe('calibration on a tiny graph', () => {
  const w = Float32Array.of(0.5, -1, 0.25, 2, -0.75, 1);
  const batches = [
    { x: new ort.Tensor('float32', Float32Array.of(1, -2, 3, 0.5, 4, -1), [2, 3]) },
    { x: new ort.Tensor('float32', Float32Array.of(-5, 6, 0.1, 2, 2, 2), [2, 3]) },
  ];

  it('min-max: the range of relu(x) over both batches is [0, 6], scale 6/255, zero point 0', async () => {
    const ranges = await calibrate(tinyGraph(w), batches, 'minmax');
    expect([...ranges.keys()]).toEqual(['hidden']);
    expect(ranges.get('hidden')).toEqual([0, 6]);
    expect(affineUint8(0, 6)).toEqual({ scale: Math.fround(6 / 255), zeroPoint: 0 });
    // A range not holding 0 is widened to it; a negative minimum moves the zero point: [-1, 3] → 4/255, round(63.75) = 64.
    expect(affineUint8(0.5, 3).zeroPoint).toBe(0);
    expect(affineUint8(-1, 3)).toEqual({ scale: Math.fround(4 / 255), zeroPoint: 64 });
  });

  it('percentile: the 50th percentile clips to the median of the twelve values', async () => {
    const ranges = await calibrate(tinyGraph(w), batches, 'percentile', 50);
    // relu values: 1 0 3 .5 4 0 0 6 .1 2 2 2 → sorted 0 0 0 .1 .5 1 2 2 2 3 4 6; median (1 + 2) / 2 = 1.5.
    expect(ranges.get('hidden')?.[0]).toBeCloseTo(1.5, 6);
    expect(ranges.get('hidden')?.[1]).toBeCloseTo(1.5, 6);
  });

  it('the QDQ graph computes fake-quantized x times dequantized per-channel weights', async () => {
    const model = tinyGraph(w);
    const { bytes, params } = staticInt8(model, new Map([['hidden', [0, 6]]]));
    expect(parseModel(bytes).nodes.map((n) => n.op)).toEqual([
      'Relu',
      'QuantizeLinear',
      'DequantizeLinear',
      'DequantizeLinear',
      'MatMul',
    ]);
    const p = params.get('hidden')!;
    const { q, scales } = symmetricInt8(w, 3, 2, true);
    const session = await ort.InferenceSession.create(bytes);
    const out = (await session.run(batches[0]!)).y!.data as Float32Array;
    const x = [1, 0, 3, 0.5, 4, 0].map((v) => fakeQuantUint8(v, p));
    for (let r = 0; r < 2; r++)
      for (let c = 0; c < 2; c++) {
        let sum = 0;
        for (let k = 0; k < 3; k++) sum += x[r * 3 + k]! * q[k * 2 + c]! * scales[c]!;
        expect(out[r * 2 + c]).toBeCloseTo(sum, 4);
      }
    await session.release();
  });
});

describe('static int8 on the fixture encoder', () => {
  for (const method of ['minmax', 'percentile'] as const) {
    it(`${method}: calibrated on 32 snippets, agrees with fp32 on ≥ 90% of the language set`, async () => {
      const fp32 = await fixtureModel();
      const calibration = await snippetFeeds(32);
      const ranges = await calibrate(fp32, [calibration], method);
      const { bytes, report } = staticInt8(fp32, ranges);
      expect(report.rewritten).toBe(activationTensors(fp32).length > 0 ? report.rewritten : -1);
      expect(report.skipped).toEqual([]);
      const { feeds } = await languageFeeds();
      const a = compareLogits((await logits(fp32, feeds)).data, (await logits(bytes, feeds)).data, 5);
      expect(a.argmaxAgreement).toBeGreaterThanOrEqual(0.9);
      expect(bytes.length).toBeLessThan(fp32.length * 0.4);
    });
  }
});
