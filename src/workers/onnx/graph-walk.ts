// Walks a parsed ONNX graph (pure; any thread): which node produces a tensor, and which nodes a set of tensors needs.
// The tier splitter cuts with it; layer boundaries and depth pruning read it.
import { NotOnnxError } from '../../shared/errors.ts';
import type { GraphNode, ParsedModel } from './model.ts';

const producers = new WeakMap<ParsedModel, Map<string, number>>();

/** Index of the node producing each tensor (computed once per parsed model). */
export function producerIndex(m: ParsedModel): Map<string, number> {
  let producer = producers.get(m);
  if (!producer) {
    producer = new Map();
    for (const [i, n] of m.nodes.entries()) for (const o of n.outputs) producer.set(o, i);
    producers.set(m, producer);
  }
  return producer;
}

/** Indices of the nodes needed to compute `targets`, treating `available` tensors as given. */
export function closure(m: ParsedModel, targets: readonly string[], available: ReadonlySet<string>): Set<number> {
  const producer = producerIndex(m);
  const given = new Set([...available, ...m.inputs.map((i) => i.name), ...m.initializers.map((i) => i.name), '']);
  const needed = new Set<number>();
  const stack = [...targets];
  while (stack.length) {
    const t = stack.pop() as string;
    if (given.has(t)) continue;
    const p = producer.get(t);
    if (p === undefined)
      throw new NotOnnxError(`no node produces "${t}": the graph reads it, but no node, input or initializer makes it`);
    if (needed.has(p)) continue;
    needed.add(p);
    const node = m.nodes[p] as GraphNode;
    stack.push(...node.inputs, ...(node.subgraphReads ?? []));
  }
  return needed;
}
