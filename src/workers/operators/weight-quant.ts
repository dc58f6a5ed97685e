// Weight quantization operators on the raw graph (pure; inference worker and Node tests): dynamic int8, the graph
// ORT's quantize_dynamic writes (DynamicQuantizeLinear → MatMulInteger → Cast → Mul), and 4-bit weight-only
// MatMulNBits. Both rewrite every MatMul whose second input is a 2-D float32 initializer.
import { OperatorError } from '../../shared/errors.ts';
import type { OperatorReport } from '../../shared/operators.ts';
import type { GraphNode } from '../onnx/model.ts';
import { upgradeOpset } from './opset-upgrade.ts';
import {
  dropUnreadTensors,
  DT,
  encodeModel,
  ensureOpset,
  floats,
  floatTensor,
  makeNode,
  openModel,
  paramCount,
  weightAt,
  type EditableModel,
  type Tensor,
} from './onnx-edit.ts';
import { quantizeQ4, symmetricInt8 } from './quant-math.ts';

/** Contrib operators that hold their weights inside a fused node (ONNX Runtime's transformer optimizer writes them). */
const FUSED_WEIGHTS = new Set(['Attention', 'MultiHeadAttention', 'QAttention', 'GroupQueryAttention', 'FusedMatMul']);

/** Why a weighted node is left as it is (reported, never silent): every node with weights this rewrite does not reach. */
export function unrewritable(m: EditableModel): string[] {
  const producer = new Map(m.nodes.flatMap((n) => n.outputs.map((o) => [o, n] as const)));
  const out: string[] = [];
  for (const n of m.nodes) {
    const at = `${n.op} → ${n.outputs[0] ?? '?'}`;
    const weightInput = n.inputs.find((t) => m.tensors.get(t)?.dims.length === 2);
    if (n.op === 'Gemm' && weightInput) out.push(`${at}: Gemm is not rewritten yet`);
    else if (n.op === 'MatMul' && !weightAt(m, n, 1) && m.tensors.has(n.inputs[0] ?? ''))
      out.push(`${at}: its weight is the first input`);
    else if (n.op === 'MatMul' && !weightAt(m, n, 1)) {
      const p = producer.get(n.inputs[1] ?? '');
      if (p?.op === 'Transpose' && m.tensors.has(p.inputs[0] ?? '')) out.push(`${at}: its weight is behind a Transpose`);
    } else if (FUSED_WEIGHTS.has(n.op) && weightInput)
      out.push(`${at}: the contrib ${n.op} keeps its weights inside the fused node`);
    if (n.subgraphReads?.some((t) => m.tensors.get(t)?.dims.length === 2))
      out.push(`${at}: weights read inside its subgraph are not rewritten`);
  }
  return out;
}

/** Refuses a variant that would rewrite nothing: it would be measured and ranked as if it were quantized. */
export function refuseIfNothing(what: string, rewritten: number, skipped: readonly string[]): void {
  if (rewritten > 0) return;
  const why = skipped.length
    ? `; left as they are: ${skipped.slice(0, 3).join('; ')}${skipped.length > 3 ? ` and ${skipped.length - 3} more` : ''}`
    : '';
  throw new OperatorError(`${what} rewrote nothing: the model has no MatMul with a float32 [K, N] weight initializer${why}`);
}

/** Applies `rewrite` to each MatMul with a float 2-D weight; the weight initializer goes once nothing reads it. */
function rewriteMatMuls(m: EditableModel, rewrite: (node: GraphNode, w: Tensor) => GraphNode[]): number {
  let count = 0;
  const nodes: GraphNode[] = [];
  for (const node of m.nodes) {
    const w = node.op === 'MatMul' ? weightAt(m, node, 1) : null;
    if (!w) {
      nodes.push(node);
      continue;
    }
    nodes.push(...rewrite(node, w));
    count += 1;
  }
  m.nodes = nodes;
  dropUnreadTensors(m);
  return count;
}

const int8Tensor = (name: string, dims: number[], q: Int8Array): Tensor => ({
  name,
  dataType: DT.INT8,
  dims,
  data: new Uint8Array(q.buffer, q.byteOffset, q.byteLength).slice(),
});

/** Quantizes W[K, N] once per initializer (a tied weight read by two MatMuls is stored once). */
function int8Weights(m: EditableModel, w: Tensor, perChannel: boolean): { q: string; scale: string; zero: string } {
  const names = { q: `${w.name}_quantized`, scale: `${w.name}_scale`, zero: `${w.name}_zero_point` };
  if (m.tensors.has(names.q)) return names;
  const [k, n] = w.dims as [number, number];
  const { q, scales } = symmetricInt8(floats(w), k, n, perChannel);
  const dims = perChannel ? [n] : [];
  m.tensors.set(names.q, int8Tensor(names.q, [k, n], q));
  m.tensors.set(names.scale, floatTensor(names.scale, dims, scales));
  m.tensors.set(names.zero, int8Tensor(names.zero, dims, new Int8Array(perChannel ? n : 1)));
  return names;
}

export interface Rewritten {
  bytes: Uint8Array;
  report: Omit<OperatorReport, 'spec'>;
}

/** Dynamic PTQ: int8 weights (per tensor or per output channel), activations quantized to uint8 at run time. */
export function dynamicInt8(bytes: Uint8Array, perChannel: boolean): Rewritten {
  const m = openModel(bytes);
  // DynamicQuantizeLinear exists from opset 11; below it onnxruntime refused the graph with "No Op registered for
  // DynamicQuantizeLinear". The opset is raised only where every operator keeps its meaning, else refused in words.
  const raised = upgradeOpset(m, 11, 'dynamic int8');
  const paramsBefore = paramCount(m);
  const skipped = unrewritable(m);
  const rewritten = rewriteMatMuls(m, (node, w) => {
    const wq = int8Weights(m, w, perChannel);
    const y = node.outputs[0] as string;
    const [xq, xs, xz] = [`${y}_x_quantized`, `${y}_x_scale`, `${y}_x_zero_point`];
    return [
      makeNode('DynamicQuantizeLinear', [node.inputs[0] as string], [xq, xs, xz]),
      makeNode('MatMulInteger', [xq, wq.q, xz, wq.zero], [`${y}_int32`]),
      makeNode('Cast', [`${y}_int32`], [`${y}_float`], { to: { i: DT.FLOAT } }),
      makeNode('Mul', [xs, wq.scale], [`${y}_scale`]),
      makeNode('Mul', [`${y}_float`, `${y}_scale`], [y]),
    ];
  });
  refuseIfNothing('dynamic int8', rewritten, skipped);
  return {
    bytes: encodeModel(m),
    report: {
      rewritten,
      skipped,
      paramsBefore,
      paramsAfter: paramCount(m),
      notes: [`${rewritten} MatMuls now MatMulInteger`, ...(raised ? [raised] : [])],
    },
  };
}

/**
 * 4-bit weight-only: each MatMul becomes com.microsoft MatMulNBits with `blockSize` rows per scale, quantized as
 * MLAS does: asymmetric with a zero-point input (ORT's default), or symmetric with the implied zero point 8.
 */
export function weightOnlyQ4(bytes: Uint8Array, blockSize: 32 | 128, symmetric: boolean): Rewritten {
  const m = openModel(bytes);
  const paramsBefore = paramCount(m);
  const skipped = unrewritable(m);
  const rewritten = rewriteMatMuls(m, (node, w) => {
    const [k, n] = w.dims as [number, number];
    const packed = `${w.name}_q4${symmetric ? 's' : 'a'}_b${blockSize}`;
    const scales = `${packed}_scales`;
    const zeroPoints = `${packed}_zero_points`;
    if (!m.tensors.has(packed)) {
      const blocks = quantizeQ4(floats(w), k, n, blockSize, symmetric);
      m.tensors.set(packed, {
        name: packed,
        dataType: DT.UINT8,
        dims: [n, blocks.blocksPerCol, blockSize / 2],
        data: blocks.packed,
      });
      m.tensors.set(scales, floatTensor(scales, [n * blocks.blocksPerCol], blocks.scales));
      if (blocks.zeroPoints) {
        m.tensors.set(zeroPoints, {
          name: zeroPoints,
          dataType: DT.UINT8,
          dims: [blocks.zeroPoints.length],
          data: blocks.zeroPoints,
        });
      }
    }
    const attrs = { K: { i: k }, N: { i: n }, bits: { i: 4 }, block_size: { i: blockSize } };
    const inputs = [node.inputs[0] as string, packed, scales, ...(symmetric ? [] : [zeroPoints])];
    return [makeNode('MatMulNBits', inputs, node.outputs, attrs, 'com.microsoft')];
  });
  refuseIfNothing('4-bit weights', rewritten, skipped);
  ensureOpset(m, 'com.microsoft', 1);
  return {
    bytes: encodeModel(m),
    report: { rewritten, skipped, paramsBefore, paramsAfter: paramCount(m), notes: [`${rewritten} MatMuls now MatMulNBits`] },
  };
}
