// Which layer each node of an encoder's graph belongs to (inference worker; pure over the model's bytes), from the
// layer boundaries the tiers page cuts at: layer k holds the nodes needed to reach boundary k and not boundary k − 1.
// The first layer's share includes the embeddings before it; nodes needed by no boundary (pooler, classifier head)
// lie outside every layer. A graph without boundaries (a generator with a KV cache, no LayerNorms) has no layers.
import { parseFields, payloadOf, text } from '../onnx/protobuf.ts';
import { parseModel } from '../onnx/model.ts';
import { closure } from '../onnx/graph-walk.ts';
import { layerBoundaries } from '../onnx/layer-boundaries.ts';
import { SplitRefusal } from '../../shared/errors.ts';

/** NodeProto.name's field number (onnx.proto). */
const NODE_NAME = 3;

export interface NodeLayers {
  /** Layers the graph has; null where no boundary was found. */
  layers: number | null;
  /** Each named node's layer; null outside every layer. */
  byName: Map<string, number | null>;
}

export function nodeLayers(bytes: Uint8Array): NodeLayers {
  let boundaries: ReturnType<typeof layerBoundaries>;
  try {
    boundaries = layerBoundaries(bytes);
  } catch (err) {
    if (err instanceof SplitRefusal) return { layers: null, byName: new Map() };
    throw err;
  }
  if (boundaries.length === 0) return { layers: null, byName: new Map() };
  const m = parseModel(bytes);
  const layerOf = new Map<number, number>();
  for (const b of boundaries) for (const i of closure(m, [b.tensor], new Set())) if (!layerOf.has(i)) layerOf.set(i, b.layer);
  const byName = new Map<string, number | null>();
  m.nodes.forEach((n, i) => {
    const payload = payloadOf(n.raw);
    const name = parseFields(payload, 0, payload.length).find((f) => f.field === NODE_NAME && f.wire === 2);
    if (name) byName.set(text(payload, name), layerOf.get(i) ?? null);
  });
  return { layers: boundaries.at(-1)?.of ?? null, byName };
}
