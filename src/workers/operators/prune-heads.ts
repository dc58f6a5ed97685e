// Structured pruning of attention heads on the raw graph (pure; inference worker and Node tests). An attention block is
// found from its structure: three projections of one input, MatMul(x, W[h, H·d]) (+ bias) → Reshape to [.., .., H, d],
// whose value path reaches MatMul(probs, v) → Transpose → Reshape to [.., .., H·d] → the output projection W_o[H·d, h].
// Head i is ranked by the norms of its slices of W_q, W_k, W_v and W_o; the lowest are removed from all four and the
// reshape shapes, so the matrices really shrink.
import { OperatorError } from '../../shared/errors.ts';
import type { GraphNode } from '../onnx/model.ts';
import {
  dropUnreadTensors,
  DT,
  encodeModel,
  openModel,
  paramCount,
  weightAt,
  withInputs,
  floats,
  type EditableModel,
  type Tensor,
} from './onnx-edit.ts';
import { sliceFloat, topIndices } from './prune-ffn.ts';
import type { Rewritten } from './weight-quant.ts';

interface Projection {
  matmul: GraphNode;
  bias: GraphNode | null;
  reshape: GraphNode;
  heads: number;
  headDim: number;
}

export interface AttentionBlock {
  q: Projection;
  k: Projection;
  v: Projection;
  merge: GraphNode;
  out: GraphNode;
}

const int64s = (t: Tensor | undefined) =>
  t && t.dataType === DT.INT64 ? Array.from(new BigInt64Array(new Uint8Array(t.data).buffer), Number) : null;

function single(readers: Map<string, GraphNode[]>, t: string, op: string): GraphNode | null {
  const next = readers.get(t) ?? [];
  return next.length === 1 && next[0]?.op === op ? next[0] : null;
}

function projection(m: EditableModel, readers: Map<string, GraphNode[]>, matmul: GraphNode): Projection | null {
  const w = matmul.op === 'MatMul' ? weightAt(m, matmul, 1) : null;
  if (!w) return null;
  const n = w.dims[1] as number;
  const add = single(readers, matmul.outputs[0] as string, 'Add');
  const bias = add && m.tensors.get(add.inputs.find((t) => t !== matmul.outputs[0]) ?? '')?.dims[0] === n ? add : null;
  const reshape = single(readers, (bias ?? matmul).outputs[0] as string, 'Reshape');
  const shape = int64s(m.tensors.get(reshape?.inputs[1] ?? ''));
  if (!reshape || !shape || shape.length !== 4) return null;
  const [heads, headDim] = [shape[2] as number, shape[3] as number];
  const h = heads > 0 ? heads : n / headDim;
  const d = headDim > 0 ? headDim : n / heads;
  if (!Number.isInteger(h) || !Number.isInteger(d) || h * d !== n || h < 2) return null;
  return { matmul, bias, reshape, heads: h, headDim: d };
}

/** Follows `t` forward through single-consumer Transposes. */
function throughTransposes(readers: Map<string, GraphNode[]>, t: string): string {
  let at = t;
  for (let next = single(readers, at, 'Transpose'); next; next = single(readers, at, 'Transpose')) at = next.outputs[0] as string;
  return at;
}

/** The attention blocks whose heads can be pruned. */
export function findAttention(m: EditableModel): AttentionBlock[] {
  const readers = new Map<string, GraphNode[]>();
  for (const n of m.nodes) for (const t of new Set(n.inputs)) readers.set(t, [...(readers.get(t) ?? []), n]);
  const byInput = new Map<string, Projection[]>();
  for (const n of m.nodes) {
    const p = projection(m, readers, n);
    if (p) byInput.set(n.inputs[0] as string, [...(byInput.get(n.inputs[0] as string) ?? []), p]);
  }
  const blocks: AttentionBlock[] = [];
  for (const group of byInput.values()) {
    if (group.length !== 3) continue;
    // The value projection is the one whose heads feed MatMul(probs, v) as the second input.
    for (const v of group) {
      const vt = throughTransposes(readers, v.reshape.outputs[0] as string);
      const ctx = (readers.get(vt) ?? []).find((n) => n.op === 'MatMul' && n.inputs[1] === vt);
      if (!ctx) continue;
      const merged = throughTransposes(readers, ctx.outputs[0] as string);
      const merge = single(readers, merged, 'Reshape');
      const out = merge && single(readers, merge.outputs[0] as string, 'MatMul');
      const wo = out && weightAt(m, out, 1);
      if (!merge || !out || !wo || wo.dims[0] !== v.heads * v.headDim) continue;
      const [q, k] = group.filter((p) => p !== v) as [Projection, Projection];
      if (q.heads !== v.heads || k.heads !== v.heads || q.headDim !== v.headDim || k.headDim !== v.headDim) continue;
      blocks.push({ q, k, v, merge, out });
    }
  }
  return blocks;
}

function headNorm(w: Float32Array, cols: number, head: number, d: number, byColumn: boolean): number {
  let sum = 0;
  const rows = w.length / cols;
  if (byColumn) {
    for (let r = 0; r < rows; r++) for (let c = head * d; c < (head + 1) * d; c++) sum += (w[r * cols + c] as number) ** 2;
  } else for (let r = head * d; r < (head + 1) * d; r++) for (let c = 0; c < cols; c++) sum += (w[r * cols + c] as number) ** 2;
  return Math.sqrt(sum);
}

/** ‖W_q[:, head]‖ + ‖W_k[:, head]‖ + ‖W_v[:, head]‖ + ‖W_o[head, :]‖ for each head. */
export function headScores(m: EditableModel, b: AttentionBlock): number[] {
  const { heads, headDim: d } = b.v;
  const mats = [b.q, b.k, b.v].map((p) => weightAt(m, p.matmul, 1) as Tensor);
  const wo = weightAt(m, b.out, 1) as Tensor;
  return Array.from(
    { length: heads },
    (_, h) =>
      mats.reduce((a, t) => a + headNorm(floats(t), t.dims[1] as number, h, d, true), 0) +
      headNorm(floats(wo), wo.dims[1] as number, h, d, false),
  );
}

const expand = (heads: readonly number[], d: number) => heads.flatMap((h) => Array.from({ length: d }, (_, i) => h * d + i));

/** Removes `ratio` of every attention block's heads (at least one kept). Reports the heads kept per block. */
export function pruneHeads(bytes: Uint8Array, ratio: number): Rewritten & { kept: number[][] } {
  const m = openModel(bytes);
  const blocks = findAttention(m);
  if (blocks.length === 0)
    throw new OperatorError(
      'no multi-head attention block (q, k and v projections reshaped to two or more heads) was found in this graph',
    );
  const paramsBefore = paramCount(m);
  const replaced = new Map<GraphNode, GraphNode>();
  const swap = (node: GraphNode, from: string, t: Tensor) => {
    m.tensors.set(t.name, t);
    const base = replaced.get(node) ?? node;
    replaced.set(
      node,
      withInputs(
        base,
        base.inputs.map((i) => (i === from ? t.name : i)),
      ),
    );
  };
  const kept: number[][] = [];
  for (const [i, b] of blocks.entries()) {
    const { heads, headDim: d } = b.v;
    const keep = topIndices(headScores(m, b), Math.max(1, Math.round(heads * (1 - ratio))));
    kept.push(keep);
    const cols = expand(keep, d);
    for (const [tag, p] of [
      ['q', b.q],
      ['k', b.k],
      ['v', b.v],
    ] as const) {
      const w = weightAt(m, p.matmul, 1) as Tensor;
      swap(p.matmul, w.name, sliceFloat(w, cols, 1, `${w.name}_heads${i}${tag}_pruned`));
      const biasName = p.bias?.inputs.find((t) => m.tensors.has(t));
      if (p.bias && biasName)
        swap(p.bias, biasName, sliceFloat(m.tensors.get(biasName) as Tensor, cols, 0, `${biasName}_heads${i}${tag}_pruned`));
      const shape = int64s(m.tensors.get(p.reshape.inputs[1] as string)) as number[];
      if ((shape[2] as number) > 0) shape[2] = keep.length;
      swap(p.reshape, p.reshape.inputs[1] as string, int64Tensor(`${p.reshape.inputs[1]}_heads${i}${tag}_pruned`, shape));
    }
    const merge = int64s(m.tensors.get(b.merge.inputs[1] as string));
    if (!merge) throw new OperatorError(`the shape of "${b.merge.outputs[0]}" is computed, not constant`);
    const at = merge.indexOf(heads * d);
    if (at >= 0) merge[at] = keep.length * d;
    swap(b.merge, b.merge.inputs[1] as string, int64Tensor(`${b.merge.inputs[1]}_heads${i}_pruned`, merge));
    const wo = weightAt(m, b.out, 1) as Tensor;
    swap(b.out, wo.name, sliceFloat(wo, cols, 0, `${wo.name}_heads${i}_pruned`));
  }
  m.nodes = m.nodes.map((n) => replaced.get(n) ?? n);
  dropUnreadTensors(m);
  return {
    bytes: encodeModel(m),
    kept,
    report: {
      rewritten: blocks.length,
      skipped: [],
      paramsBefore,
      paramsAfter: paramCount(m),
      notes: [
        `${blocks.length} attention blocks: ${kept.map((k, i) => `${k.length}/${(blocks[i] as AttentionBlock).v.heads}`).join(', ')} heads kept`,
      ],
    },
  };
}

function int64Tensor(name: string, values: number[]): Tensor {
  return { name, dataType: DT.INT64, dims: [values.length], data: new Uint8Array(BigInt64Array.from(values.map(BigInt)).buffer) };
}
