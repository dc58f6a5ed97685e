// Structured pruning of feed-forward neurons on the raw graph (pure; inference worker and Node tests). An FFN is found
// from its structure: one or more MatMuls with weights W1[K, I] (I > K: they expand), element-wise work (bias, GELU in
// any spelling, SwiGLU's SiLU(gate) · up), and a MatMul with weight W2[I, N] that reads it. A gated block (SwiGLU,
// GeGLU: a gate and an up projection into the same down projection) is one block with one neuron set: neuron j is
// ranked by the product of ‖W1[:, j]‖ over its expanding MatMuls and ‖W2[j, :]‖, and the lowest are removed from
// every W1's columns, every [I] constant in between and W2's rows, so the matrices really shrink and gate and up
// keep the same neurons.
import { OperatorError } from '../../shared/errors.ts';
import type { GraphNode } from '../onnx/model.ts';
import {
  dropUnreadTensors,
  DT,
  encodeModel,
  floats,
  floatTensor,
  openModel,
  paramCount,
  weightAt,
  withInputs,
  type EditableModel,
  type Tensor,
} from './onnx-edit.ts';
import type { Rewritten } from './weight-quant.ts';

const ELEMENTWISE = new Set([
  'Add',
  'Sub',
  'Mul',
  'Div',
  'Erf',
  'Tanh',
  'Sigmoid',
  'Relu',
  'Gelu',
  'FastGelu',
  'BiasGelu',
  'Pow',
  'Sqrt',
  'Identity',
  'QuickGelu',
]);

export interface Ffn {
  /** The expanding MatMuls: one, or a gate and an up projection in a gated block. */
  ups: GraphNode[];
  down: GraphNode;
  /** Element-wise nodes between them. */
  between: GraphNode[];
  width: number;
}

function consumers(m: EditableModel): Map<string, GraphNode[]> {
  const out = new Map<string, GraphNode[]>();
  for (const n of m.nodes) for (const t of new Set(n.inputs)) out.set(t, [...(out.get(t) ?? []), n]);
  return out;
}

/** The FFN blocks of the graph: up-projection, element-wise region, down-projection, and the hidden width. */
export function findFfns(m: EditableModel): Ffn[] {
  const readers = consumers(m);
  const outputs = new Set(m.outputs.map((o) => o.name));
  const found: Ffn[] = [];
  for (const up of m.nodes) {
    const w1 = up.op === 'MatMul' ? weightAt(m, up, 1) : null;
    if (!w1) continue;
    const width = w1.dims[1] as number;
    // An FFN expands the hidden size (a pooler's square dense layer before the classifier is not one).
    if (width <= (w1.dims[0] as number)) continue;
    const between = new Set<GraphNode>();
    const downs = new Set<GraphNode>();
    let clean = true;
    const stack = [up.outputs[0] as string];
    const seen = new Set<string>();
    while (stack.length && clean) {
      const t = stack.pop() as string;
      if (seen.has(t)) continue;
      seen.add(t);
      if (outputs.has(t)) clean = false;
      for (const n of readers.get(t) ?? []) {
        const w2 = n.op === 'MatMul' && n.inputs[0] === t ? weightAt(m, n, 1) : null;
        if (w2 && w2.dims[0] === width) downs.add(n);
        else if (ELEMENTWISE.has(n.op)) {
          between.add(n);
          stack.push(...n.outputs);
        } else clean = false;
      }
    }
    const [down] = downs;
    // Every constant in the region must be a scalar or one value per neuron.
    const constantsOk = [...between].every((n) =>
      n.inputs.every((t) => {
        const c = m.tensors.get(t);
        return !c || c.dims.reduce((a, d) => a * d, 1) === 1 || (c.dims.length === 1 && c.dims[0] === width);
      }),
    );
    if (clean && downs.size === 1 && down && between.size > 0 && constantsOk)
      found.push({ ups: [up], down, between: [...between], width });
  }
  // Expanding MatMuls that reach the same down projection are one gated block.
  const byDown = new Map<GraphNode, Ffn>();
  for (const f of found) {
    const same = byDown.get(f.down);
    if (!same) byDown.set(f.down, f);
    else if (same.width === f.width) {
      same.ups.push(...f.ups);
      same.between = [...new Set([...same.between, ...f.between])];
    }
  }
  return [...byDown.values()];
}

/** ‖W1[:, j]‖ (the product over every expanding weight) · ‖W2[j, :]‖ for each neuron j. */
export function neuronScores(w1: Tensor | readonly Tensor[], w2: Tensor): Float64Array {
  const ups = Array.isArray(w1) ? (w1 as readonly Tensor[]) : [w1 as Tensor];
  const width = (ups[0] as Tensor).dims[1] as number;
  const n = w2.dims[1] as number;
  const score = new Float64Array(width).fill(1);
  for (const w of ups) {
    const k = w.dims[0] as number;
    const a = floats(w);
    const col = new Float64Array(width);
    for (let r = 0; r < k; r++) for (let j = 0; j < width; j++) col[j] = (col[j] as number) + (a[r * width + j] as number) ** 2;
    for (let j = 0; j < width; j++) score[j] = (score[j] as number) * Math.sqrt(col[j] as number);
  }
  const b = floats(w2);
  for (let j = 0; j < width; j++) {
    let row = 0;
    for (let c = 0; c < n; c++) row += (b[j * n + c] as number) ** 2;
    score[j] = (score[j] as number) * Math.sqrt(row);
  }
  return score;
}

/** The `count` highest-scoring indices, in ascending order (ties keep the lower index). */
export function topIndices(scores: ArrayLike<number>, count: number): number[] {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort(
    (x, y) => (scores[y] as number) - (scores[x] as number) || x - y,
  );
  return order.slice(0, count).sort((x, y) => x - y);
}

/** Columns `keep` of a row-major [rows, cols] float tensor (axis 1), or rows `keep` (axis 0), or entries of a 1-D one. */
export function sliceFloat(t: Tensor, keep: readonly number[], axis: 0 | 1, name: string): Tensor {
  if (t.dataType !== DT.FLOAT) throw new OperatorError(`"${t.name}" is not float32, so it cannot be pruned`);
  const v = floats(t);
  if (t.dims.length === 1)
    return floatTensor(
      name,
      [keep.length],
      Float32Array.from(keep, (j) => v[j] as number),
    );
  const [rows, cols] = t.dims as [number, number];
  if (axis === 1) {
    const out = new Float32Array(rows * keep.length);
    for (let r = 0; r < rows; r++) for (const [c, j] of keep.entries()) out[r * keep.length + c] = v[r * cols + j] as number;
    return floatTensor(name, [rows, keep.length], out);
  }
  const out = new Float32Array(keep.length * cols);
  for (const [r, j] of keep.entries()) out.set(v.subarray(j * cols, (j + 1) * cols), r * cols);
  return floatTensor(name, [keep.length, cols], out);
}

/** Replaces input `from` with a new initializer `t` in `node`, returning the rewired node. */
function rewire(m: EditableModel, node: GraphNode, from: string, t: Tensor): GraphNode {
  m.tensors.set(t.name, t);
  return withInputs(
    node,
    node.inputs.map((i) => (i === from ? t.name : i)),
  );
}

/** Removes `ratio` of every FFN's neurons (at least one kept). Reports the neurons kept per block, in graph order. */
export function pruneFfn(bytes: Uint8Array, ratio: number): Rewritten & { kept: number[][] } {
  const m = openModel(bytes);
  const ffns = findFfns(m);
  if (ffns.length === 0)
    throw new OperatorError(
      'no feed-forward block (a MatMul that widens the hidden size, element-wise work, a MatMul back) was found in this graph',
    );
  const paramsBefore = paramCount(m);
  const replaced = new Map<GraphNode, GraphNode>();
  const kept: number[][] = [];
  for (const [b, f] of ffns.entries()) {
    const w1s = f.ups.map((u) => weightAt(m, u, 1) as Tensor);
    const w2 = weightAt(m, f.down, 1) as Tensor;
    const keep = topIndices(neuronScores(w1s, w2), Math.max(1, Math.round(f.width * (1 - ratio))));
    kept.push(keep);
    for (const [i, up] of f.ups.entries()) {
      const w1 = w1s[i] as Tensor;
      replaced.set(up, rewire(m, up, w1.name, sliceFloat(w1, keep, 1, `${w1.name}_ffn${b}_pruned`)));
    }
    replaced.set(f.down, rewire(m, f.down, w2.name, sliceFloat(w2, keep, 0, `${w2.name}_ffn${b}_pruned`)));
    for (const n of f.between) {
      let node = n;
      for (const t of n.inputs) {
        const c = m.tensors.get(t);
        if (c && c.dims.length === 1 && c.dims[0] === f.width)
          node = rewire(m, node, t, sliceFloat(c, keep, 0, `${t}_ffn${b}_pruned`));
      }
      replaced.set(n, node);
    }
  }
  m.nodes = m.nodes.map((n) => replaced.get(n) ?? n);
  dropUnreadTensors(m);
  return {
    bytes: encodeModel(m),
    kept,
    report: {
      rewritten: ffns.length,
      skipped: [],
      paramsBefore,
      paramsAfter: paramCount(m),
      notes: [
        `${ffns.length} FFN blocks: ${kept.map((k, i) => `${k.length}/${(ffns[i] as Ffn).width}`).join(', ')} neurons kept`,
      ],
    },
  };
}
