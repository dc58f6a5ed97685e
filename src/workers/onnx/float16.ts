// Whether an ONNX graph computes in half precision (pure; inference worker and Node tests): a float16 initializer or
// constant, a float16 input, output or value, or a Cast to float16, at any depth of subgraphs. onnxruntime-web's WebGPU
// kernels for such a graph need the adapter's shader-f16 feature ("Program Gather requires f16 but the device does
// not support it" at the first run otherwise), so the runtime asks this before it runs one on an adapter without it.
import { parseFields, readVarint, type Field } from './protobuf.ts';

const FLOAT16 = 10;
const GRAPH = { node: 1, initializer: 5, sparseInitializer: 15, input: 11, output: 12, valueInfo: 13 } as const;
const NODE_ATTRIBUTE = 5;
const ATTR = { name: 1, i: 3, t: 5, g: 6, tensors: 10, graphs: 11 } as const;
const TENSOR_DATA_TYPE = 2;

const varint = (buf: Uint8Array, f: Field): number => readVarint(buf, f.start)[0];
const text = (buf: Uint8Array, f: Field): string => new TextDecoder().decode(buf.subarray(f.start, f.end));

function tensorIsHalf(buf: Uint8Array, t: Field): boolean {
  return parseFields(buf, t.start, t.end).some((f) => f.field === TENSOR_DATA_TYPE && f.wire === 0 && varint(buf, f) === FLOAT16);
}

/** TypeProto: a tensor (1), sequence (4), map (5) or optional (9) whose element type is float16, at any nesting. */
function typeIsHalf(buf: Uint8Array, type: Field): boolean {
  for (const f of parseFields(buf, type.start, type.end)) {
    if (f.wire !== 2) continue;
    if (f.field === 1 || f.field === 8) {
      // Tensor or SparseTensor: elem_type is its field 1.
      if (parseFields(buf, f.start, f.end).some((e) => e.field === 1 && e.wire === 0 && varint(buf, e) === FLOAT16)) return true;
    } else if (f.field === 4 || f.field === 9) {
      // Sequence or Optional: elem_type is a TypeProto in its field 1.
      if (parseFields(buf, f.start, f.end).some((e) => e.field === 1 && e.wire === 2 && typeIsHalf(buf, e))) return true;
    } else if (f.field === 5) {
      // Map: value_type is a TypeProto in its field 2.
      if (parseFields(buf, f.start, f.end).some((e) => e.field === 2 && e.wire === 2 && typeIsHalf(buf, e))) return true;
    }
  }
  return false;
}

function valueIsHalf(buf: Uint8Array, v: Field): boolean {
  return parseFields(buf, v.start, v.end).some((f) => f.field === 2 && f.wire === 2 && typeIsHalf(buf, f));
}

function nodeIsHalf(buf: Uint8Array, node: Field): boolean {
  const fields = parseFields(buf, node.start, node.end);
  const op = fields.find((f) => f.field === 4 && f.wire === 2);
  const isCast = op !== undefined && ['Cast', 'CastLike'].includes(text(buf, op));
  for (const a of fields) {
    if (a.field !== NODE_ATTRIBUTE || a.wire !== 2) continue;
    const attr = parseFields(buf, a.start, a.end);
    const name = attr.find((f) => f.field === ATTR.name && f.wire === 2);
    for (const f of attr) {
      if (isCast && name && text(buf, name) === 'to' && f.field === ATTR.i && f.wire === 0 && varint(buf, f) === FLOAT16)
        return true;
      if ((f.field === ATTR.t || f.field === ATTR.tensors) && f.wire === 2 && tensorIsHalf(buf, f)) return true;
      if ((f.field === ATTR.g || f.field === ATTR.graphs) && f.wire === 2 && graphIsHalf(buf, f)) return true;
    }
  }
  return false;
}

function graphIsHalf(buf: Uint8Array, graph: Field): boolean {
  for (const f of parseFields(buf, graph.start, graph.end)) {
    if (f.wire !== 2) continue;
    if (f.field === GRAPH.initializer && tensorIsHalf(buf, f)) return true;
    if (f.field === GRAPH.sparseInitializer) {
      // SparseTensorProto: values (1) is a TensorProto.
      if (parseFields(buf, f.start, f.end).some((v) => v.field === 1 && v.wire === 2 && tensorIsHalf(buf, v))) return true;
    }
    if ((f.field === GRAPH.input || f.field === GRAPH.output || f.field === GRAPH.valueInfo) && valueIsHalf(buf, f)) return true;
    if (f.field === GRAPH.node && nodeIsHalf(buf, f)) return true;
  }
  return false;
}

/** True when the model holds or computes any float16 value; false for a graph that stays in other types. */
export function usesFloat16(bytes: Uint8Array): boolean {
  const graph = parseFields(bytes, 0, bytes.length).find((f) => f.field === 7 && f.wire === 2);
  return graph !== undefined && graphIsHalf(bytes, graph);
}
