// ONNX ModelProto and GraphProto as fields in their original order (pure; inference worker and Node tests): nodes,
// initializers, inputs, outputs and value infos kept as their own bytes, so whatever TierLab does not change is
// written back exactly as it was, and a model read and written untouched is the same bytes. Subgraphs (If, Loop,
// Scan, contrib BeamSearch) are walked for the outer names they read. The tier cutter and every operator use this.
import { NotOnnxError } from '../../shared/errors.ts';
import { concat, lengthField, parseFields, text, varintField, type Field } from './protobuf.ts';

const encoder = new TextEncoder();

export interface GraphNode {
  raw: Uint8Array;
  op: string;
  inputs: string[];
  outputs: string[];
  /** Names read inside the node's subgraphs (If branches, Loop bodies…): outer tensors it needs besides its inputs. */
  subgraphReads?: string[];
}

export interface Named {
  raw: Uint8Array;
  name: string;
}

/** GraphProto and ModelProto field numbers (onnx.proto). */
export const GRAPH = { node: 1, initializer: 5, input: 11, output: 12, valueInfo: 13 } as const;
export const MODEL_GRAPH = 7;

export interface ParsedModel {
  /** ModelProto fields other than the graph, as bytes, in their order. */
  modelRest: Uint8Array[];
  /** Where the graph field stood among the model's fields (an index into modelRest as read). */
  graphAt: number;
  nodes: GraphNode[];
  initializers: Named[];
  inputs: Named[];
  outputs: Named[];
  valueInfo: Named[];
  /** GraphProto fields kept as they are (name, doc string, sparse initializers...), each with its field number. */
  graphRest: { field: number; raw: Uint8Array }[];
  /** GraphProto field numbers in the order they first appeared, so a rewrite keeps the layout. */
  graphOrder: number[];
}

/** The names a node's GRAPH and GRAPHS attributes read, at any depth (outer-scope names among them). */
export function subgraphReads(bytes: Uint8Array, node: Field): string[] {
  const out: string[] = [];
  const walkGraph = (g: Field) => {
    for (const f of parseFields(bytes, g.start, g.end))
      if (f.field === GRAPH.node && f.wire === 2) {
        for (const p of parseFields(bytes, f.start, f.end)) if (p.field === 1 && p.wire === 2) out.push(text(bytes, p));
        walkNode(f);
      }
  };
  const walkNode = (n: Field) => {
    for (const a of parseFields(bytes, n.start, n.end)) {
      if (a.field !== 5 || a.wire !== 2) continue;
      // AttributeProto.g (6) holds one graph, AttributeProto.graphs (11) several.
      for (const p of parseFields(bytes, a.start, a.end)) if ((p.field === 6 || p.field === 11) && p.wire === 2) walkGraph(p);
    }
  };
  walkNode(node);
  return out;
}

function nodeOf(bytes: Uint8Array, f: Field): GraphNode {
  const parts = parseFields(bytes, f.start, f.end);
  const op = parts.find((p) => p.field === 4 && p.wire === 2);
  const node: GraphNode = {
    raw: bytes.subarray(f.rawStart, f.rawEnd),
    op: op ? text(bytes, op) : '',
    inputs: parts.filter((p) => p.field === 1 && p.wire === 2).map((p) => text(bytes, p)),
    outputs: parts.filter((p) => p.field === 2 && p.wire === 2).map((p) => text(bytes, p)),
  };
  const inner = subgraphReads(bytes, f);
  if (inner.length) node.subgraphReads = inner;
  return node;
}

export function parseModel(bytes: Uint8Array): ParsedModel {
  const modelFields = parseFields(bytes, 0, bytes.length);
  const graphAt = modelFields.findIndex((f) => f.field === MODEL_GRAPH && f.wire === 2);
  const graph = modelFields[graphAt];
  if (!graph) throw new NotOnnxError('the model has no graph (ModelProto.graph is missing)');
  const m: ParsedModel = {
    modelRest: modelFields.filter((f) => f !== graph).map((f) => bytes.subarray(f.rawStart, f.rawEnd)),
    graphAt,
    nodes: [],
    initializers: [],
    inputs: [],
    outputs: [],
    valueInfo: [],
    graphRest: [],
    graphOrder: [],
  };
  const nameOf = (f: Field, nameField: number) => {
    const n = parseFields(bytes, f.start, f.end).find((x) => x.field === nameField && x.wire === 2);
    return n ? text(bytes, n) : '';
  };
  for (const f of parseFields(bytes, graph.start, graph.end)) {
    if (!m.graphOrder.includes(f.field)) m.graphOrder.push(f.field);
    const raw = bytes.subarray(f.rawStart, f.rawEnd);
    if (f.wire !== 2) m.graphRest.push({ field: f.field, raw });
    else if (f.field === GRAPH.node) m.nodes.push(nodeOf(bytes, f));
    else if (f.field === GRAPH.initializer) m.initializers.push({ raw, name: nameOf(f, 8) });
    else if (f.field === GRAPH.input) m.inputs.push({ raw, name: nameOf(f, 1) });
    else if (f.field === GRAPH.output) m.outputs.push({ raw, name: nameOf(f, 1) });
    else if (f.field === GRAPH.valueInfo) m.valueInfo.push({ raw, name: nameOf(f, 1) });
    else m.graphRest.push({ field: f.field, raw });
  }
  return m;
}

/** What a graph holds, by field, for `encodeGraph`. */
export interface GraphParts {
  nodes: readonly { raw: Uint8Array }[];
  initializers: readonly Uint8Array[];
  inputs: readonly Uint8Array[];
  outputs: readonly Uint8Array[];
  valueInfo: readonly Uint8Array[];
}

/**
 * The model's bytes with `parts` as its graph: fields in the order the original had them (a field it lacked goes
 * after, by number), the model's other fields around the graph as they were.
 */
export function encodeGraph(m: ParsedModel, parts: GraphParts): Uint8Array {
  const byField = new Map<number, readonly Uint8Array[]>([
    [GRAPH.node, parts.nodes.map((n) => n.raw)],
    [GRAPH.initializer, parts.initializers],
    [GRAPH.input, parts.inputs],
    [GRAPH.output, parts.outputs],
    [GRAPH.valueInfo, parts.valueInfo],
  ]);
  for (const r of m.graphRest) byField.set(r.field, [...(byField.get(r.field) ?? []), r.raw]);
  const order = [...m.graphOrder, ...[...byField.keys()].filter((f) => !m.graphOrder.includes(f)).sort((a, b) => a - b)];
  const graph = lengthField(MODEL_GRAPH, concat(order.flatMap((f) => byField.get(f) ?? [])));
  const at = Math.min(Math.max(m.graphAt, 0), m.modelRest.length);
  return concat([...m.modelRest.slice(0, at), graph, ...m.modelRest.slice(at)]);
}

/** Every name the graph's nodes read, subgraphs included. */
export function namesRead(nodes: readonly GraphNode[]): Set<string> {
  return new Set(nodes.flatMap((n) => [...n.inputs, ...(n.subgraphReads ?? [])]));
}

/** A ValueInfoProto naming a float tensor of unknown shape (the cut tensor's declared type). */
export function floatValueInfo(name: string): Uint8Array {
  const tensorType = varintField(1, 1); // elem_type FLOAT
  const typeProto = lengthField(1, tensorType); // TypeProto.tensor_type
  return concat([lengthField(1, encoder.encode(name)), lengthField(2, typeProto)]);
}
