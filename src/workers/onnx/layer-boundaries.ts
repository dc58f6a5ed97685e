// Where an encoder can be cut, found from the graph's structure rather than its tensor names (pure; inference worker
// and Node tests). Candidates are the tensors around every LayerNorm, fused (LayerNormalization, opset 17+, or ORT's
// SkipLayerNormalization) or decomposed (ReduceMean/Sub/Pow/ReduceMean/Add/Sqrt/Div/Mul/Add, older exports): the
// residual stream entering it (pre-norm) and its output (post-norm). A candidate is a boundary when cutting there
// shares no heavy work between head and tail (only mask processing may run on both sides); boundaries are numbered by
// the attention ops upstream of them, and the furthest-downstream boundary of each count ends that layer.
import { SplitRefusal } from '../../shared/errors.ts';
import { parseModel, type GraphNode, type ParsedModel } from './model.ts';
import { closure, producerIndex } from './graph-walk.ts';

export interface LayerBoundary {
  /** Zero-based index of the last layer on the head side: cutting here runs layers 0..layer on this device. */
  layer: number;
  /** Layers (attention blocks) in the whole model. */
  of: number;
  /** The tensor the head outputs and the tail takes. */
  tensor: string;
}

const NORM_OPS = new Set([
  'LayerNormalization',
  'SkipLayerNormalization',
  'SimplifiedLayerNormalization',
  'SkipSimplifiedLayerNormalization',
  'RMSNormalization',
]);
const ATTENTION_OPS = new Set(['Softmax', 'Attention', 'MultiHeadAttention', 'GroupQueryAttention', 'PackedAttention']);
/** Work that must not run on both sides of a cut: it would mean the cut tensor is not the whole state. */
const HEAVY_OPS = new Set([
  ...NORM_OPS,
  ...ATTENTION_OPS,
  'MatMul',
  'Gemm',
  'MatMulInteger',
  'MatMulNBits',
  'QLinearMatMul',
  'FusedMatMul',
  'DynamicQuantizeMatMul',
  'Conv',
  'Einsum',
  'ReduceMean',
]);
/** A node reading an initializer this large (an embedding table, a weight) is heavy too. */
const BIG_INITIALIZER_BYTES = 16 * 1024;

function consumerIndex(m: ParsedModel): Map<string, GraphNode[]> {
  const out = new Map<string, GraphNode[]>();
  for (const n of m.nodes)
    for (const t of new Set(n.inputs)) {
      const list = out.get(t);
      if (list) list.push(n);
      else out.set(t, [n]);
    }
  return out;
}

/** The last tensor of a decomposed LayerNorm whose centring Sub is `sub`: Div by the deviation, then scale and shift. */
function decomposedNormEnd(m: ParsedModel, consumers: Map<string, GraphNode[]>, sub: GraphNode): string | null {
  const centred = sub.outputs[0] as string;
  const div = (consumers.get(centred) ?? []).find((n) => n.op === 'Div' && n.inputs[0] === centred);
  if (!div) return null;
  const constants = new Set(m.initializers.map((i) => i.name));
  const producer = producerIndex(m);
  const isConstant = (t: string) => constants.has(t) || m.nodes[producer.get(t) ?? -1]?.op === 'Constant';
  let t = div.outputs[0] as string;
  for (;;) {
    const next = consumers.get(t) ?? [];
    const n = next[0];
    if (next.length !== 1 || !n || (n.op !== 'Mul' && n.op !== 'Add')) return t;
    const other = n.inputs[0] === t ? n.inputs[1] : n.inputs[0];
    if (other === undefined || !isConstant(other)) return t;
    t = n.outputs[0] as string;
  }
}

/** Tensors entering and leaving every LayerNorm of the graph, fused or decomposed. */
function normCandidates(m: ParsedModel, consumers: Map<string, GraphNode[]>): Set<string> {
  const producer = producerIndex(m);
  const out = new Set<string>();
  for (const n of m.nodes) {
    if (NORM_OPS.has(n.op)) {
      if (n.inputs[0]) out.add(n.inputs[0]);
      if (n.outputs[0]) out.add(n.outputs[0]);
    } else if (n.op === 'Sub') {
      const mean = m.nodes[producer.get(n.inputs[1] ?? '') ?? -1];
      if (mean?.op !== 'ReduceMean' || mean.inputs[0] !== n.inputs[0]) continue;
      out.add(n.inputs[0] as string);
      const end = decomposedNormEnd(m, consumers, n);
      if (end) out.add(end);
    }
  }
  return out;
}

/** Follows a tensor through Identity nodes that are its only consumer, so a named layer output is kept. */
function throughIdentity(consumers: Map<string, GraphNode[]>, tensor: string): string {
  let t = tensor;
  for (;;) {
    const next = consumers.get(t) ?? [];
    if (next.length !== 1 || next[0]?.op !== 'Identity') return t;
    t = next[0].outputs[0] as string;
  }
}

/** The inputs that make a model a decoder with a KV cache (which split execution does not cut yet). */
export function cacheInputs(m: ParsedModel): string[] {
  return m.inputs.map((i) => i.name).filter((n) => /past|present|cache/i.test(n));
}

/**
 * The layer boundaries of an encoder, in order (one per layer at most, the last after the final layer). Throws
 * SplitRefusal for a decoder with a KV cache; returns [] when the graph has no clean cut.
 */
export function layerBoundaries(bytes: Uint8Array): LayerBoundary[] {
  const m = parseModel(bytes);
  const cache = cacheInputs(m);
  if (cache.length)
    throw new SplitRefusal(
      `input "${cache[0]}" is a KV cache: split execution cuts encoders, not decoders with a cache (not supported yet)`,
    );
  const consumers = consumerIndex(m);
  const attention = new Set(m.nodes.flatMap((n, i) => (ATTENTION_OPS.has(n.op) ? [i] : [])));
  if (attention.size === 0) return [];
  const big = new Set(m.initializers.filter((i) => i.raw.length > BIG_INITIALIZER_BYTES).map((i) => i.name));
  const heavy = (n: GraphNode) => HEAVY_OPS.has(n.op) || n.inputs.some((t) => big.has(t));
  const outputs = m.outputs.map((o) => o.name);
  const modelInputs = new Set(m.inputs.map((i) => i.name));
  const best = new Map<number, { tensor: string; size: number }>();
  for (const candidate of normCandidates(m, consumers)) {
    const tensor = throughIdentity(consumers, candidate);
    if (outputs.includes(tensor) || modelInputs.has(tensor)) continue;
    const head = closure(m, [tensor], new Set());
    const tail = closure(m, outputs, new Set([tensor]));
    if (![...tail].some((i) => m.nodes[i]?.inputs.includes(tensor))) continue;
    if ([...head].some((i) => tail.has(i) && heavy(m.nodes[i] as GraphNode))) continue;
    const done = [...head].filter((i) => attention.has(i)).length;
    if (done === 0 || done + [...tail].filter((i) => attention.has(i)).length !== attention.size) continue;
    const prev = best.get(done);
    if (!prev || head.size > prev.size) best.set(done, { tensor, size: head.size });
  }
  return [...best.entries()]
    .sort(([a], [b]) => a - b)
    .map(([done, { tensor }]) => ({ layer: done - 1, of: attention.size, tensor }));
}

/** "after layer 3 of 6": a boundary named by its position. */
export function boundaryLabel(b: Pick<LayerBoundary, 'layer' | 'of'>): string {
  return `after layer ${b.layer + 1} of ${b.of}`;
}
