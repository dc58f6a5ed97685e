// Depth pruning on the raw graph (pure; inference worker and Node tests): the top k layers of an encoder are removed
// and the residual stream after layer L - k goes straight to what followed the last layer (pooler, head). The layer
// boundaries are the graph cutter's (layer-boundaries.ts), so the result equals the cutter's head up to that boundary
// followed by the tail after the last layer.
import { OperatorError, SplitRefusal } from '../../shared/errors.ts';
import type { GraphNode } from '../onnx/model.ts';
import { layerBoundaries } from '../onnx/layer-boundaries.ts';
import { dropUnreadTensors, encodeModel, openModel, paramCount, withInputs, type EditableModel } from './onnx-edit.ts';
import type { Rewritten } from './weight-quant.ts';

/** Keeps only the nodes the outputs need, in their order; drops initializers nothing reads. */
export function dropDeadNodes(m: EditableModel): void {
  const producer = new Map<string, number>();
  for (const [i, n] of m.nodes.entries()) for (const o of n.outputs) producer.set(o, i);
  const live = new Set<number>();
  const stack = m.outputs.map((o) => o.name);
  while (stack.length) {
    const p = producer.get(stack.pop() as string);
    if (p === undefined || live.has(p)) continue;
    live.add(p);
    stack.push(...(m.nodes[p] as GraphNode).inputs);
  }
  m.nodes = m.nodes.filter((_, i) => live.has(i));
  dropUnreadTensors(m);
}

/** Removes the top `drop` layers. Throws OperatorError when the graph has no layer boundaries or too few layers. */
export function pruneDepth(bytes: Uint8Array, drop: number): Rewritten & { keptLayers: number; boundary: string } {
  let bounds: ReturnType<typeof layerBoundaries>;
  try {
    bounds = layerBoundaries(bytes);
  } catch (err) {
    // The tiers page's boundary finder refuses some graphs (a KV cache, say) in its own words: keep them, as this
    // operator's refusal.
    if (err instanceof SplitRefusal) throw new OperatorError(`layers cannot be dropped from this graph: ${err.message}`);
    throw err;
  }
  const last = bounds.at(-1);
  if (!last || last.layer !== last.of - 1)
    throw new OperatorError('no layer boundaries were found after every layer, so layers cannot be dropped from this graph');
  if (drop < 1 || drop >= last.of) throw new OperatorError(`the model has ${last.of} layers: drop 1 to ${last.of - 1}`);
  const keep = bounds.find((b) => b.layer === last.of - drop - 1);
  if (!keep) throw new OperatorError(`no clean boundary after layer ${last.of - drop} of ${last.of}`);
  const m = openModel(bytes);
  const paramsBefore = paramCount(m);
  m.nodes = m.nodes.map((n) =>
    n.inputs.includes(last.tensor)
      ? withInputs(
          n,
          n.inputs.map((t) => (t === last.tensor ? keep.tensor : t)),
        )
      : n,
  );
  dropDeadNodes(m);
  return {
    bytes: encodeModel(m),
    keptLayers: last.of - drop,
    boundary: keep.tensor,
    report: {
      rewritten: drop,
      skipped: [],
      paramsBefore,
      paramsAfter: paramCount(m),
      notes: [`${last.of - drop} of ${last.of} layers kept; "${keep.tensor}" feeds what followed "${last.tensor}"`],
    },
  };
}
