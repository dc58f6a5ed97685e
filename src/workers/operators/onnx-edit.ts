// Edits ONNX models on the raw protobuf for the operators lab (pure; inference worker and Node tests): reads and
// writes initializers (TensorProto), nodes (NodeProto) and opset imports, and re-encodes a parsed model. Reading and
// writing are the codec's (src/workers/onnx/): what an operator did not change is written back as it was.
import { OperatorError } from '../../shared/errors.ts';
import { GRAPH, encodeGraph, namesRead, parseModel, type GraphNode, type Named, type ParsedModel } from '../onnx/model.ts';
import { concat, lengthField, parseFields, payloadOf, readInt64, readVarint, varintField } from '../onnx/protobuf.ts';
import { DT, decodeTensor, encodeTensorPayload, type Tensor } from '../onnx/tensor.ts';

export { DT, decodeTensor, type Tensor };

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** A graph initializer field (GraphProto.initializer) holding `t`. */
export function encodeTensor(t: Tensor): Named {
  return { raw: lengthField(GRAPH.initializer, encodeTensorPayload(t)), name: t.name };
}

/** The float32 values of a FLOAT tensor. */
export function floats(t: Tensor): Float32Array {
  if (t.unreadable) throw new OperatorError(`${t.unreadable}: its values cannot be read here`);
  if (t.dataType !== DT.FLOAT) throw new OperatorError(`tensor "${t.name}" is not float32`);
  return new Float32Array(new Uint8Array(t.data).buffer);
}

export const floatTensor = (name: string, dims: number[], values: Float32Array): Tensor => ({
  name,
  dataType: DT.FLOAT,
  dims,
  data: new Uint8Array(Float32Array.from(values).buffer),
});

export type AttrValue = { i: number } | { f: number } | { s: string } | { ints: number[] };

function encodeAttr(name: string, v: AttrValue): Uint8Array {
  const parts = [lengthField(1, encoder.encode(name))];
  if ('i' in v) parts.push(varintField(3, v.i), varintField(20, 2));
  else if ('f' in v) {
    const b = new Uint8Array(5);
    b[0] = 2 * 8 + 5;
    new DataView(b.buffer).setFloat32(1, v.f, true);
    parts.push(b, varintField(20, 1));
  } else if ('s' in v) parts.push(lengthField(4, encoder.encode(v.s)), varintField(20, 3));
  else parts.push(...v.ints.map((x) => varintField(8, x)), varintField(20, 7));
  return lengthField(5, concat(parts));
}

/** A new node (GraphProto.node field) computing `outputs` from `inputs`, named `tierlab_<first output>` unless a name
 *  is given (node names must be unique in a graph: give one where a renamed node keeps that default). */
export function makeNode(
  op: string,
  inputs: string[],
  outputs: string[],
  attrs: Record<string, AttrValue> = {},
  domain = '',
  name = `tierlab_${outputs[0] ?? op}`,
): GraphNode {
  const payload = concat([
    ...inputs.map((i) => lengthField(1, encoder.encode(i))),
    ...outputs.map((o) => lengthField(2, encoder.encode(o))),
    lengthField(3, encoder.encode(name)),
    lengthField(4, encoder.encode(op)),
    ...Object.entries(attrs).map(([k, v]) => encodeAttr(k, v)),
    ...(domain ? [lengthField(7, encoder.encode(domain))] : []),
  ]);
  return { raw: lengthField(1, payload), op, inputs, outputs };
}

/** The node's bytes with repeated string field `field` (1 inputs, 2 outputs) replaced by `values`. */
function replaceNames(node: GraphNode, field: 1 | 2, values: string[]): Uint8Array {
  const payload = payloadOf(node.raw);
  const kept = parseFields(payload, 0, payload.length)
    .filter((f) => f.field !== field)
    .map((f) => payload.subarray(f.rawStart, f.rawEnd));
  // Field order within a message does not matter to protobuf, but inputs and outputs keep their own order.
  return lengthField(1, concat([...values.map((v) => lengthField(field, encoder.encode(v))), ...kept]));
}

/** The same node reading `inputs` instead (attributes, name and domain kept). */
export function withInputs(node: GraphNode, inputs: string[]): GraphNode {
  return { ...node, raw: replaceNames(node, 1, inputs), inputs };
}

/** The same node writing `outputs` instead. */
export function withOutputs(node: GraphNode, outputs: string[]): GraphNode {
  return { ...node, raw: replaceNames(node, 2, outputs), outputs };
}

/** A node's integer attribute (`axis`, `to`...), or undefined. */
export function intAttr(node: GraphNode, name: string): number | undefined {
  const payload = payloadOf(node.raw);
  for (const f of parseFields(payload, 0, payload.length)) {
    if (f.field !== 5) continue;
    const parts = parseFields(payload, f.start, f.end);
    const n = parts.find((p) => p.field === 1);
    const i = parts.find((p) => p.field === 3);
    if (n && i && decoder.decode(payload.subarray(n.start, n.end)) === name) {
      // An int64: -1 is ten bytes that a Number cannot hold (it would read as 2^64, then as 0).
      return Number(readInt64(payload, i.start)[0]);
    }
  }
  return undefined;
}

/** An editable model: parsed fields plus decoded initializers by name. */
export interface EditableModel extends ParsedModel {
  tensors: Map<string, Tensor>;
  /** Each initializer as read: its decoded tensor (an operator replaces, never mutates, it) and its bytes. */
  readonly original: ReadonlyMap<string, { tensor: Tensor; raw: Uint8Array; read: boolean }>;
}

export function openModel(bytes: Uint8Array): EditableModel {
  const m = parseModel(bytes);
  const read = namesRead(m.nodes);
  const outputs = new Set(m.outputs.map((o) => o.name));
  const original = new Map(
    m.initializers.map((i) => {
      const tensor = decodeTensor(payloadOf(i.raw));
      return [i.name, { tensor, raw: i.raw, read: read.has(i.name) || outputs.has(i.name) }] as const;
    }),
  );
  const tensors = new Map([...original].map(([name, o]) => [name, o.tensor] as const));
  return { ...m, tensors, original };
}

/** The float 2-D initializer a node reads as input `index`, or null. */
export function weightAt(m: EditableModel, node: GraphNode, index: number): Tensor | null {
  const t = m.tensors.get(node.inputs[index] ?? '');
  return t && t.dataType === DT.FLOAT && t.dims.length === 2 ? t : null;
}

/** How many nodes read each tensor. */
export function consumerCounts(m: ParsedModel): Map<string, number> {
  const out = new Map<string, number>();
  for (const n of m.nodes) for (const t of n.inputs) out.set(t, (out.get(t) ?? 0) + 1);
  for (const o of m.outputs) out.set(o.name, (out.get(o.name) ?? 0) + 1);
  return out;
}

function opsetEntries(m: ParsedModel): { domain: string; version: number; index: number }[] {
  const out: { domain: string; version: number; index: number }[] = [];
  for (const [index, raw] of m.modelRest.entries()) {
    const [f] = parseFields(raw, 0, raw.length);
    if (!f || f.field !== 8) continue;
    const parts = parseFields(raw, f.start, f.end);
    const d = parts.find((p) => p.field === 1);
    const v = parts.find((p) => p.field === 2);
    out.push({
      domain: d ? decoder.decode(raw.subarray(d.start, d.end)) : '',
      version: v ? readVarint(raw, v.start)[0] : 0,
      index,
    });
  }
  return out;
}

/** The default domain's opset version. */
export function opsetVersion(m: ParsedModel, domain = ''): number | undefined {
  return opsetEntries(m).find((e) => e.domain === domain || (domain === '' && e.domain === 'ai.onnx'))?.version;
}

/** Sets the version of `domain`'s opset import, which the model must have. */
export function setOpsetVersion(m: ParsedModel, domain: string, version: number): void {
  const e = opsetEntries(m).find((x) => x.domain === domain || (domain === '' && x.domain === 'ai.onnx'));
  if (!e) throw new OperatorError(`the model has no opset import for "${domain}"`);
  m.modelRest[e.index] = lengthField(8, concat([lengthField(1, encoder.encode(e.domain)), varintField(2, version)]));
}

/** A node's operator domain ('' for the default ONNX domain). */
export function nodeDomain(node: GraphNode): string {
  const f = parseFields(node.raw, 0, node.raw.length).find((x) => x.field === 7);
  return f ? decoder.decode(node.raw.subarray(f.start, f.end)) : '';
}

/** Adds an opset import for `domain` when the model has none. */
export function ensureOpset(m: ParsedModel, domain: string, version: number): void {
  if (opsetEntries(m).some((e) => e.domain === domain)) return;
  m.modelRest.push(lengthField(8, concat([lengthField(1, encoder.encode(domain)), varintField(2, version)])));
}

/** Records `value` under `key` in the model's metadata_props (replacing an earlier entry with that key). */
export function setMetadata(m: ParsedModel, key: string, value: string): void {
  m.modelRest = m.modelRest.filter((raw) => {
    const [f] = parseFields(raw, 0, raw.length);
    if (!f || f.field !== 14) return true;
    const k = parseFields(raw, f.start, f.end).find((p) => p.field === 1);
    return !k || decoder.decode(raw.subarray(k.start, k.end)) !== key;
  });
  m.modelRest.push(lengthField(14, concat([lengthField(1, encoder.encode(key)), lengthField(2, encoder.encode(value))])));
}

/**
 * `bytes` with `key` = `value` added to the model's metadata_props, without re-encoding the rest: a repeated field may
 * be appended anywhere in a protobuf message.
 */
export function withMetadata(bytes: Uint8Array, key: string, value: string): Uint8Array {
  return concat([bytes, lengthField(14, concat([lengthField(1, encoder.encode(key)), lengthField(2, encoder.encode(value))]))]);
}

/** The model's metadata_props as a map. */
export function readMetadata(bytes: Uint8Array): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of parseFields(bytes, 0, bytes.length)) {
    if (f.field !== 14 || f.wire !== 2) continue;
    const parts = parseFields(bytes, f.start, f.end);
    const k = parts.find((p) => p.field === 1);
    const v = parts.find((p) => p.field === 2);
    if (k) out.set(decoder.decode(bytes.subarray(k.start, k.end)), v ? decoder.decode(bytes.subarray(v.start, v.end)) : '');
  }
  return out;
}

/**
 * Encodes the model: nodes as edited; the tensors map as initializers, each one an operator did not replace written
 * back as its original bytes; initializers kept while a node reads them (inside subgraphs too) or they are outputs,
 * and those the model came with unread kept as they were; value infos of tensors no longer produced dropped.
 */
export function encodeModel(m: EditableModel): Uint8Array {
  const read = namesRead(m.nodes);
  const outputs = new Set(m.outputs.map((o) => o.name));
  const produced = new Set([...m.nodes.flatMap((n) => n.outputs), ...m.inputs.map((i) => i.name), ...m.tensors.keys()]);
  const initializers: Uint8Array[] = [];
  const written = new Set<string>();
  for (const [name, t] of m.tensors) {
    const o = m.original.get(name);
    if (!read.has(name) && !outputs.has(name) && !(o && !o.read && o.tensor === t)) continue;
    initializers.push(o && o.tensor === t ? o.raw : encodeTensor(t).raw);
    written.add(name);
  }
  // Older exporters list every weight as a graph input too. Such an input follows its initializer: gone when the
  // initializer is (else it is a required input nobody feeds), declared with the new type when it was replaced
  // (else float16 weights clash with a float32 declaration).
  const inputs = m.inputs.flatMap((i) => {
    const o = m.original.get(i.name);
    if (!o) return [i.raw];
    const t = m.tensors.get(i.name);
    if (!t || !written.has(i.name)) return [];
    return [t === o.tensor ? i.raw : lengthField(GRAPH.input, tensorValueInfo(t))];
  });
  return encodeGraph(m, {
    nodes: m.nodes,
    initializers,
    inputs,
    outputs: m.outputs.map((o) => o.raw),
    valueInfo: m.valueInfo.filter((v) => produced.has(v.name)).map((v) => v.raw),
  });
}

/** A ValueInfoProto declaring `t`'s name, element type and fixed shape. */
function tensorValueInfo(t: Tensor): Uint8Array {
  const shape = concat(t.dims.map((d) => lengthField(1, varintField(1, d))));
  const tensorType = concat([varintField(1, t.dataType), lengthField(2, shape)]);
  return concat([lengthField(1, encoder.encode(t.name)), lengthField(2, lengthField(1, tensorType))]);
}

/** Drops initializers no node reads any more (a rewritten weight's float original), so counts see what is left. */
export function dropUnreadTensors(m: EditableModel): void {
  const kept = new Set([...namesRead(m.nodes), ...m.outputs.map((o) => o.name)]);
  for (const name of [...m.tensors.keys()]) if (!kept.has(name)) m.tensors.delete(name);
}

/** Weight values in the model: every initializer's elements, a MatMulNBits weight counted as its K·N values. */
export function paramCount(m: EditableModel): number {
  const nbits = new Map<string, number>();
  for (const n of m.nodes)
    if (n.op === 'MatMulNBits') nbits.set(n.inputs[1] ?? '', (intAttr(n, 'K') ?? 0) * (intAttr(n, 'N') ?? 0));
  let total = 0;
  for (const t of m.tensors.values()) total += nbits.get(t.name) ?? t.dims.reduce((a, d) => a * d, 1);
  return total;
}
