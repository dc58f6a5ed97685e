// Edits ONNX models on the raw protobuf for the operators lab (pure; inference worker and Node tests): reads and
// writes initializers (TensorProto), nodes (NodeProto) and opset imports, and re-encodes a parsed model.
import {
  concat,
  lengthField,
  parseFields,
  parseModel,
  payloadOf,
  readVarint,
  varintField,
  type GraphNode,
  type Named,
  type ParsedModel,
} from '../tiers/onnx-cut.ts';

/** TensorProto data types used here (onnx.proto). */
export const DT = { FLOAT: 1, UINT8: 2, INT8: 3, INT32: 6, INT64: 7, FLOAT16: 10 } as const;
const BYTES: Record<number, number> = { 1: 4, 2: 1, 3: 1, 6: 4, 7: 8, 10: 2 };

/** An initializer, its data as raw little-endian bytes. */
export interface Tensor {
  name: string;
  dataType: number;
  dims: number[];
  data: Uint8Array;
}

/** A model the lab cannot rewrite, with the reason in words. */
export class OperatorError extends Error {
  override name = 'OperatorError';
}

const decoder = new TextDecoder();
const encoder = new TextEncoder();

function packedVarints(buf: Uint8Array, start: number, end: number): number[] {
  const out: number[] = [];
  let pos = start;
  while (pos < end) {
    const [v, next] = readVarint(buf, pos);
    out.push(v);
    pos = next;
  }
  return out;
}

/** Reads a TensorProto's payload; typed fields (float_data, int64_data, int32_data) become raw bytes. */
export function decodeTensor(payload: Uint8Array): Tensor {
  const t: Tensor = { name: '', dataType: 0, dims: [], data: new Uint8Array(0) };
  const floats: number[] = [];
  const ints: number[] = [];
  for (const f of parseFields(payload, 0, payload.length)) {
    const body = payload.subarray(f.start, f.end);
    if (f.field === 1)
      t.dims.push(...(f.wire === 2 ? packedVarints(payload, f.start, f.end) : [readVarint(payload, f.start)[0]]));
    else if (f.field === 2) t.dataType = readVarint(payload, f.start)[0];
    else if (f.field === 8) t.name = decoder.decode(body);
    // A copy with its own buffer (a Node Buffer's slice() would share the pool).
    else if (f.field === 9) t.data = new Uint8Array(body);
    else if (f.field === 4) {
      const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
      for (let i = 0; i + 4 <= body.length; i += 4) floats.push(view.getFloat32(i, true));
    } else if (f.field === 5 || f.field === 7)
      ints.push(...(f.wire === 2 ? packedVarints(payload, f.start, f.end) : [readVarint(payload, f.start)[0]]));
    else if (f.field === 14) throw new OperatorError(`initializer "${t.name || '?'}" keeps its data in an external file`);
  }
  if (floats.length) t.data = new Uint8Array(Float32Array.from(floats).buffer);
  if (ints.length && t.dataType === DT.INT64) t.data = new Uint8Array(BigInt64Array.from(ints.map(BigInt)).buffer);
  else if (ints.length) t.data = new Uint8Array(Int32Array.from(ints).buffer);
  return t;
}

/** A graph initializer field (GraphProto.initializer) holding `t`. */
export function encodeTensor(t: Tensor): Named {
  const expected = t.dims.reduce((a, d) => a * d, 1) * (BYTES[t.dataType] ?? 1);
  if (BYTES[t.dataType] && t.data.length !== expected)
    throw new OperatorError(`tensor "${t.name}" has ${t.data.length} bytes for dims [${t.dims}]`);
  const payload = concat([
    ...t.dims.map((d) => varintField(1, d)),
    varintField(2, t.dataType),
    lengthField(8, encoder.encode(t.name)),
    lengthField(9, t.data),
  ]);
  return { raw: lengthField(5, payload), name: t.name };
}

/** The float32 values of a FLOAT tensor. */
export function floats(t: Tensor): Float32Array {
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

function signedVarint(field: number, v: number): Uint8Array {
  if (v >= 0) return varintField(field, v);
  // int64 two's complement, ten bytes.
  let x = BigInt.asUintN(64, BigInt(v));
  const out = [field * 8];
  while (x >= 0x80n) {
    out.push(Number(x & 0x7fn) | 0x80);
    x >>= 7n;
  }
  out.push(Number(x));
  return Uint8Array.from(out);
}

function encodeAttr(name: string, v: AttrValue): Uint8Array {
  const parts = [lengthField(1, encoder.encode(name))];
  if ('i' in v) parts.push(signedVarint(3, v.i), varintField(20, 2));
  else if ('f' in v) {
    const b = new Uint8Array(5);
    b[0] = 2 * 8 + 5;
    new DataView(b.buffer).setFloat32(1, v.f, true);
    parts.push(b, varintField(20, 1));
  } else if ('s' in v) parts.push(lengthField(4, encoder.encode(v.s)), varintField(20, 3));
  else parts.push(...v.ints.map((x) => signedVarint(8, x)), varintField(20, 7));
  return lengthField(5, concat(parts));
}

/** A new node (GraphProto.node field) computing `outputs` from `inputs`. */
export function makeNode(
  op: string,
  inputs: string[],
  outputs: string[],
  attrs: Record<string, AttrValue> = {},
  domain = '',
): GraphNode {
  const payload = concat([
    ...inputs.map((i) => lengthField(1, encoder.encode(i))),
    ...outputs.map((o) => lengthField(2, encoder.encode(o))),
    lengthField(3, encoder.encode(`tierlab_${outputs[0] ?? op}`)),
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
  return { raw: replaceNames(node, 1, inputs), op: node.op, inputs, outputs: node.outputs };
}

/** The same node writing `outputs` instead. */
export function withOutputs(node: GraphNode, outputs: string[]): GraphNode {
  return { raw: replaceNames(node, 2, outputs), op: node.op, inputs: node.inputs, outputs };
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
      const [v] = readVarint(payload, i.start);
      return v >= 2 ** 63 ? v - 2 ** 64 : v;
    }
  }
  return undefined;
}

/** An editable model: parsed fields plus decoded initializers by name. */
export interface EditableModel extends ParsedModel {
  tensors: Map<string, Tensor>;
}

export function openModel(bytes: Uint8Array): EditableModel {
  const m = parseModel(bytes);
  const tensors = new Map(m.initializers.map((i) => [i.name, decodeTensor(payloadOf(i.raw))] as const));
  return { ...m, tensors };
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

/** Encodes the model: nodes as edited, the tensors map as initializers (only those still read), unused value infos dropped. */
export function encodeModel(m: EditableModel): Uint8Array {
  const read = new Set(m.nodes.flatMap((n) => n.inputs));
  const outputs = new Set(m.outputs.map((o) => o.name));
  const produced = new Set([...m.nodes.flatMap((n) => n.outputs), ...m.inputs.map((i) => i.name)]);
  const initializers = [...m.tensors.values()].filter((t) => read.has(t.name) || outputs.has(t.name));
  const graph = concat([
    ...m.nodes.map((n) => n.raw),
    ...initializers.map((t) => encodeTensor(t).raw),
    ...m.inputs.map((i) => i.raw),
    ...m.outputs.map((o) => o.raw),
    ...m.valueInfo.filter((v) => produced.has(v.name) && read.has(v.name)).map((v) => v.raw),
    ...m.graphRest,
  ]);
  return concat([...m.modelRest, lengthField(7, graph)]);
}

/** Drops initializers no node reads any more (a rewritten weight's float original), so counts see what is left. */
export function dropUnreadTensors(m: EditableModel): void {
  const read = new Set(m.nodes.flatMap((n) => n.inputs));
  for (const name of [...m.tensors.keys()]) if (!read.has(name)) m.tensors.delete(name);
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
