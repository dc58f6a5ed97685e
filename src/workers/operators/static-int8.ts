// Static post-training quantization on the raw graph (pure; inference worker and Node tests), in three steps: a
// model that also outputs every activation a weighted MatMul reads; a range collector fed with those outputs over
// the calibration samples (min-max, or two-sided percentiles from a seeded reservoir); and the QDQ graph:
// QuantizeLinear/DequantizeLinear (uint8) on each activation and DequantizeLinear of int8 weights per output
// channel, which ONNX Runtime fuses into integer MatMuls when it optimizes the session.
import { OperatorError } from '../../shared/errors.ts';
import { upgradeOpset } from './opset-upgrade.ts';
import { lengthField } from '../onnx/protobuf.ts';
import { floatValueInfo } from '../onnx/model.ts';
import {
  dropUnreadTensors,
  DT,
  encodeModel,
  floats,
  floatTensor,
  makeNode,
  openModel,
  opsetVersion,
  paramCount,
  weightAt,
} from './onnx-edit.ts';
import { affineUint8, quantileSorted, symmetricInt8, type AffineUint8 } from './quant-math.ts';
import { unrewritable, type Rewritten } from './weight-quant.ts';

/** The activations static PTQ quantizes: the first input of each MatMul with a float 2-D weight, once each. */
export function activationTensors(bytes: Uint8Array): string[] {
  const m = openModel(bytes);
  return [...new Set(m.nodes.filter((n) => n.op === 'MatMul' && weightAt(m, n, 1)).map((n) => n.inputs[0] as string))];
}

/** The model with every activation in `tensors` added as a graph output (for calibration runs). */
export function withCalibrationOutputs(bytes: Uint8Array, tensors: readonly string[]): Uint8Array {
  const m = openModel(bytes);
  const declared = new Set(m.outputs.map((o) => o.name));
  for (const t of tensors) if (!declared.has(t)) m.outputs.push({ name: t, raw: lengthField(12, floatValueInfo(t)) });
  return encodeModel(m);
}

const RESERVOIR = 65_536;

/** Collects each activation's range over the calibration runs. */
export class RangeCollector {
  private readonly mins = new Map<string, number>();
  private readonly maxs = new Map<string, number>();
  private readonly reservoirs = new Map<string, { values: Float32Array; seen: number }>();
  // A fixed-seed generator, so the same samples give the same ranges on every device.
  private state = 0x2545f491;

  private random(): number {
    this.state ^= this.state << 13;
    this.state ^= this.state >>> 17;
    this.state ^= this.state << 5;
    return (this.state >>> 0) / 2 ** 32;
  }

  add(tensor: string, values: ArrayLike<number>): void {
    let lo = this.mins.get(tensor) ?? Infinity;
    let hi = this.maxs.get(tensor) ?? -Infinity;
    let r = this.reservoirs.get(tensor);
    if (!r) this.reservoirs.set(tensor, (r = { values: new Float32Array(RESERVOIR), seen: 0 }));
    for (let i = 0; i < values.length; i++) {
      const x = values[i] as number;
      if (!Number.isFinite(x)) continue;
      if (x < lo) lo = x;
      if (x > hi) hi = x;
      // Algorithm R: every value seen has the same chance to be in the reservoir.
      if (r.seen < RESERVOIR) r.values[r.seen] = x;
      else {
        const j = Math.floor(this.random() * (r.seen + 1));
        if (j < RESERVOIR) r.values[j] = x;
      }
      r.seen += 1;
    }
    this.mins.set(tensor, lo);
    this.maxs.set(tensor, hi);
  }

  /** Each tensor's [min, max]: the extremes, or the (100 - p)th and pth percentiles of the values seen. */
  ranges(method: 'minmax' | 'percentile', percentile = 99.99): Map<string, [number, number]> {
    const out = new Map<string, [number, number]>();
    for (const [t, r] of this.reservoirs) {
      if (r.seen === 0) continue;
      if (method === 'minmax') out.set(t, [this.mins.get(t) as number, this.maxs.get(t) as number]);
      else {
        const sorted = r.values.slice(0, Math.min(r.seen, RESERVOIR)).sort();
        out.set(t, [quantileSorted(sorted, 1 - percentile / 100), quantileSorted(sorted, percentile / 100)]);
      }
    }
    return out;
  }
}

/** Writes the QDQ graph for `ranges` (every activation of activationTensors must have one). */
export function staticInt8(
  bytes: Uint8Array,
  ranges: ReadonlyMap<string, [number, number]>,
): Rewritten & { params: Map<string, AffineUint8> } {
  const m = openModel(bytes);
  // Per-channel DequantizeLinear (its axis) exists from opset 13: an older model is raised where ONNX allows.
  const raised = upgradeOpset(m, 13, 'static int8');
  if ((opsetVersion(m) ?? 0) < 13) throw new OperatorError('static int8 needs opset 13 or later (per-channel DequantizeLinear)');
  const paramsBefore = paramCount(m);
  const skipped = unrewritable(m);
  const params = new Map<string, AffineUint8>();
  const done = new Set<string>();
  const nodes = [];
  let rewritten = 0;
  for (const node of m.nodes) {
    const w = node.op === 'MatMul' ? weightAt(m, node, 1) : null;
    const x = node.inputs[0] as string;
    const range = ranges.get(x);
    if (!w || !range) {
      if (w) skipped.push(`MatMul → ${node.outputs[0]}: no calibrated range for "${x}"`);
      nodes.push(node);
      continue;
    }
    const xd = `${x}_dequantized`;
    if (!done.has(x)) {
      const p = affineUint8(range[0], range[1]);
      params.set(x, p);
      m.tensors.set(`${x}_scale`, floatTensor(`${x}_scale`, [], Float32Array.of(p.scale)));
      m.tensors.set(`${x}_zero_point`, {
        name: `${x}_zero_point`,
        dataType: DT.UINT8,
        dims: [],
        data: Uint8Array.of(p.zeroPoint),
      });
      nodes.push(makeNode('QuantizeLinear', [x, `${x}_scale`, `${x}_zero_point`], [`${x}_quantized`]));
      nodes.push(makeNode('DequantizeLinear', [`${x}_quantized`, `${x}_scale`, `${x}_zero_point`], [xd]));
      done.add(x);
    }
    const wd = `${w.name}_dequantized`;
    if (!m.tensors.has(`${w.name}_quantized`)) {
      const [k, n] = w.dims as [number, number];
      const { q, scales } = symmetricInt8(floats(w), k, n, true);
      m.tensors.set(`${w.name}_quantized`, {
        name: `${w.name}_quantized`,
        dataType: DT.INT8,
        dims: [k, n],
        data: new Uint8Array(q.buffer),
      });
      m.tensors.set(`${w.name}_scale`, floatTensor(`${w.name}_scale`, [n], scales));
      m.tensors.set(`${w.name}_zero_point`, {
        name: `${w.name}_zero_point`,
        dataType: DT.INT8,
        dims: [n],
        data: new Uint8Array(n),
      });
      nodes.push(
        makeNode('DequantizeLinear', [`${w.name}_quantized`, `${w.name}_scale`, `${w.name}_zero_point`], [wd], {
          axis: { i: 1 },
        }),
      );
    }
    nodes.push(makeNode('MatMul', [xd, wd], node.outputs));
    rewritten += 1;
  }
  m.nodes = nodes;
  dropUnreadTensors(m);
  return {
    bytes: encodeModel(m),
    params,
    report: {
      rewritten,
      skipped,
      paramsBefore,
      paramsAfter: paramCount(m),
      notes: [`${done.size} activations calibrated, ${rewritten} MatMuls in QDQ form`, ...(raised ? [raised] : [])],
    },
  };
}
