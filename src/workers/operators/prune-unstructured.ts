// Unstructured magnitude pruning on the raw graph (pure; inference worker and Node tests): in every MatMul weight, the
// `sparsity` share of values with the smallest magnitude become zero. Shapes stay, so ONNX Runtime does the same work
// (it has no sparse kernels for these ops) and the file is as large; only a compressed copy shrinks.
import { dropUnreadTensors, encodeModel, floats, floatTensor, openModel, paramCount, weightAt, withInputs } from './onnx-edit.ts';
import type { Rewritten } from './weight-quant.ts';

/** Zeroes the smallest-magnitude `sparsity` share of `w` (ties at the threshold stay, so at most that share goes). */
export function magnitudePrune(w: Float32Array, sparsity: number): Float32Array {
  const count = Math.floor(w.length * sparsity);
  if (count === 0) return w.slice();
  const magnitudes = Float32Array.from(w, Math.abs).sort();
  const threshold = magnitudes[count - 1] as number;
  const out = w.slice();
  let zeroed = 0;
  for (let i = 0; i < out.length && zeroed < count; i++)
    if (Math.abs(out[i] as number) <= threshold) {
      out[i] = 0;
      zeroed += 1;
    }
  return out;
}

/** Zeroes the smallest `sparsity` share of every MatMul weight; reports the sparsity reached. */
export function pruneUnstructured(bytes: Uint8Array, sparsity: number): Rewritten & { zeros: number; weights: number } {
  const m = openModel(bytes);
  const paramsBefore = paramCount(m);
  const done = new Map<string, string>();
  let zeros = 0;
  let weights = 0;
  m.nodes = m.nodes.map((node) => {
    const w = node.op === 'MatMul' ? weightAt(m, node, 1) : null;
    if (!w) return node;
    let name = done.get(w.name);
    if (!name) {
      name = `${w.name}_sparse`;
      const pruned = magnitudePrune(floats(w), sparsity);
      zeros += pruned.filter((x) => x === 0).length;
      weights += pruned.length;
      m.tensors.set(name, floatTensor(name, w.dims, pruned));
      done.set(w.name, name);
    }
    return withInputs(
      node,
      node.inputs.map((t, i) => (i === 1 ? (name as string) : t)),
    );
  });
  dropUnreadTensors(m);
  return {
    bytes: encodeModel(m),
    zeros,
    weights,
    report: {
      rewritten: done.size,
      skipped: [],
      paramsBefore,
      paramsAfter: paramCount(m),
      notes: [
        `${((100 * zeros) / Math.max(1, weights)).toFixed(1)}% of ${weights} MatMul weights are zero; shapes and compute unchanged`,
      ],
    },
  };
}
