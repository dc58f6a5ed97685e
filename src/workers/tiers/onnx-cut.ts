// Cuts an ONNX model at a tensor into a head (inputs → tensor) and a tail (tensor → outputs), working on the raw
// protobuf so nodes and weights are copied as they are (pure; inference worker and Node tests). layer-boundaries.ts
// finds where an encoder can be cut.

/** One field of a protobuf message: number, wire type, payload range and the whole field's bytes range. */
export interface Field {
  field: number;
  wire: number;
  start: number;
  end: number;
  rawStart: number;
  rawEnd: number;
}

export function readVarint(buf: Uint8Array, pos: number): [number, number] {
  let result = 0;
  let shift = 0;
  for (;;) {
    if (pos >= buf.length) throw new RangeError('truncated varint');
    const b = buf[pos++] as number;
    result += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) return [result, pos];
    shift += 7;
    if (shift > 63) throw new RangeError('varint too long');
  }
}

export function parseFields(buf: Uint8Array, start: number, end: number): Field[] {
  const out: Field[] = [];
  let pos = start;
  while (pos < end) {
    const rawStart = pos;
    const [tag, afterTag] = readVarint(buf, pos);
    pos = afterTag;
    const field = Math.floor(tag / 8);
    const wire = tag & 7;
    let s = pos;
    if (wire === 0) [, pos] = readVarint(buf, pos);
    else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else if (wire === 2) {
      const [len, after] = readVarint(buf, pos);
      s = after;
      pos = after + len;
    } else throw new RangeError(`unsupported wire type ${wire}`);
    if (pos > end) throw new RangeError('truncated field');
    out.push({ field, wire, start: s, end: pos, rawStart, rawEnd: pos });
  }
  return out;
}

const decoder = new TextDecoder();
const encoder = new TextEncoder();
const text = (buf: Uint8Array, f: Field) => decoder.decode(buf.subarray(f.start, f.end));

function varint(n: number): number[] {
  const out: number[] = [];
  let v = n;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return out;
}

/** A length-delimited field (wire type 2) holding `payload`. */
export function lengthField(field: number, payload: Uint8Array): Uint8Array {
  const head = [...varint(field * 8 + 2), ...varint(payload.length)];
  const out = new Uint8Array(head.length + payload.length);
  out.set(head);
  out.set(payload, head.length);
  return out;
}

export function varintField(field: number, value: number): Uint8Array {
  return Uint8Array.from([...varint(field * 8), ...varint(value)]);
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export interface GraphNode {
  raw: Uint8Array;
  op: string;
  inputs: string[];
  outputs: string[];
}

export interface Named {
  raw: Uint8Array;
  name: string;
}

export interface ParsedModel {
  /** ModelProto fields other than the graph, as bytes. */
  modelRest: Uint8Array[];
  nodes: GraphNode[];
  initializers: Named[];
  inputs: Named[];
  outputs: Named[];
  valueInfo: Named[];
  /** GraphProto fields kept as they are (name, doc string, sparse initializers...). */
  graphRest: Uint8Array[];
}

/** Field numbers of GraphProto and NodeProto used here (onnx.proto). */
const GRAPH = { node: 1, initializer: 5, input: 11, output: 12, valueInfo: 13 } as const;
const MODEL_GRAPH = 7;

export function parseModel(bytes: Uint8Array): ParsedModel {
  const modelFields = parseFields(bytes, 0, bytes.length);
  const graph = modelFields.find((f) => f.field === MODEL_GRAPH && f.wire === 2);
  if (!graph) throw new Error('the model has no graph');
  const m: ParsedModel = {
    modelRest: modelFields.filter((f) => f !== graph).map((f) => bytes.subarray(f.rawStart, f.rawEnd)),
    nodes: [],
    initializers: [],
    inputs: [],
    outputs: [],
    valueInfo: [],
    graphRest: [],
  };
  const nameOf = (f: Field, nameField: number) => {
    const n = parseFields(bytes, f.start, f.end).find((x) => x.field === nameField && x.wire === 2);
    return n ? text(bytes, n) : '';
  };
  for (const f of parseFields(bytes, graph.start, graph.end)) {
    const raw = bytes.subarray(f.rawStart, f.rawEnd);
    if (f.field === GRAPH.node && f.wire === 2) {
      const parts = parseFields(bytes, f.start, f.end);
      const op = parts.find((p) => p.field === 4 && p.wire === 2);
      m.nodes.push({
        raw,
        op: op ? text(bytes, op) : '',
        inputs: parts.filter((p) => p.field === 1 && p.wire === 2).map((p) => text(bytes, p)),
        outputs: parts.filter((p) => p.field === 2 && p.wire === 2).map((p) => text(bytes, p)),
      });
    } else if (f.field === GRAPH.initializer && f.wire === 2) m.initializers.push({ raw, name: nameOf(f, 8) });
    else if (f.field === GRAPH.input && f.wire === 2) m.inputs.push({ raw, name: nameOf(f, 1) });
    else if (f.field === GRAPH.output && f.wire === 2) m.outputs.push({ raw, name: nameOf(f, 1) });
    else if (f.field === GRAPH.valueInfo && f.wire === 2) m.valueInfo.push({ raw, name: nameOf(f, 1) });
    else m.graphRest.push(raw);
  }
  return m;
}

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
    if (p === undefined) throw new Error(`no node produces "${t}"`);
    if (needed.has(p)) continue;
    needed.add(p);
    stack.push(...(m.nodes[p] as GraphNode).inputs);
  }
  return needed;
}

/** A ValueInfoProto naming a float tensor of unknown shape (the cut tensor's declared type). */
export function floatValueInfo(name: string): Uint8Array {
  const tensorType = varintField(1, 1); // elem_type FLOAT
  const typeProto = lengthField(1, tensorType); // TypeProto.tensor_type
  return concat([lengthField(1, encoder.encode(name)), lengthField(2, typeProto)]);
}

function buildModel(m: ParsedModel, nodes: Set<number>, inputs: Uint8Array[], outputs: Uint8Array[]): Uint8Array {
  const used = new Set<string>();
  const kept = m.nodes.filter((_, i) => nodes.has(i));
  for (const n of kept) for (const t of [...n.inputs, ...n.outputs]) used.add(t);
  const graph = concat([
    ...kept.map((n) => n.raw),
    ...m.initializers.filter((i) => used.has(i.name)).map((i) => i.raw),
    ...inputs.map((i) => lengthField(GRAPH.input, i)),
    ...outputs.map((o) => lengthField(GRAPH.output, o)),
    ...m.valueInfo.filter((v) => used.has(v.name)).map((v) => v.raw),
    ...m.graphRest,
  ]);
  return concat([...m.modelRest, lengthField(MODEL_GRAPH, graph)]);
}

export const payloadOf = (field: Uint8Array) => {
  const [f] = parseFields(field, 0, field.length);
  return field.subarray((f as Field).start, (f as Field).end);
};

export interface CutModel {
  head: Uint8Array;
  tail: Uint8Array;
  /** Graph inputs the tail needs besides the cut tensor (the attention mask, typically). */
  tailInputs: string[];
}

/**
 * Cuts `bytes` at tensor `at`: the head computes `at` from the model's inputs; the tail takes `at` (and whatever
 * model inputs it still needs) and computes the model's outputs. Nodes needed by both (mask processing) are in both.
 */
export function cutModel(bytes: Uint8Array, at: string): CutModel {
  const m = parseModel(bytes);
  const head = closure(m, [at], new Set());
  const tail = closure(
    m,
    m.outputs.map((o) => o.name),
    new Set([at]),
  );
  const needs = (nodes: Set<number>) => {
    const read = new Set([...nodes].flatMap((i) => (m.nodes[i] as GraphNode).inputs));
    return m.inputs.filter((i) => read.has(i.name));
  };
  const declared = m.valueInfo.find((v) => v.name === at);
  const atInfo = declared ? payloadOf(declared.raw) : floatValueInfo(at);
  const tailModelInputs = needs(tail);
  return {
    head: buildModel(
      m,
      head,
      needs(head).map((i) => payloadOf(i.raw)),
      [atInfo],
    ),
    tail: buildModel(
      m,
      tail,
      [atInfo, ...tailModelInputs.map((i) => payloadOf(i.raw))],
      m.outputs.map((o) => payloadOf(o.raw)),
    ),
    tailInputs: tailModelInputs.map((i) => i.name),
  };
}
