// Unstructured magnitude pruning on the raw graph (pure; inference worker and Node tests): in every MatMul weight, the
// `sparsity` share of values with the smallest magnitude become zero. Shapes stay, so ONNX Runtime does the same work
// (it has no sparse kernels for these ops) and the file is as large; only a compressed copy shrinks.
import { dropUnreadTensors, encodeModel, floats, floatTensor, openModel, paramCount, weightAt, withInputs } from './onnx-edit.ts';
import { refuseIfNothing, unrewritable, type Rewritten } from './weight-quant.ts';

/**
 * Zeroes exactly floor(length × sparsity) values of `w`: the smallest magnitudes, and among equal magnitudes at the
 * threshold the earlier ones (lower flat index) first, so the result does not depend on where ties fall. ([1, 1, 0.5]
 * at 2/3 gives [0, 1, 0]; once every value at the threshold was zeroed from the start, giving [0, 0, 0.5].)
 */
export function magnitudePrune(w: Float32Array, sparsity: number): Float32Array {
  const count = Math.floor(w.length * sparsity);
  const out = w.slice();
  if (count === 0) return out;
  const order = Uint32Array.from(w, (_, i) => i).sort((a, b) => Math.abs(w[a] as number) - Math.abs(w[b] as number) || a - b);
  for (let k = 0; k < count; k++) out[order[k] as number] = 0;
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
  const skipped = unrewritable(m);
  refuseIfNothing('unstructured pruning', done.size, skipped);
  dropUnreadTensors(m);
  return {
    bytes: encodeModel(m),
    zeros,
    weights,
    report: {
      rewritten: done.size,
      skipped,
      paramsBefore,
      paramsAfter: paramCount(m),
      notes: [
        `${((100 * zeros) / Math.max(1, weights)).toFixed(1)}% of ${weights} MatMul weights are zero; shapes and compute unchanged`,
      ],
    },
  };
}
