// Reads just enough of an ONNX file's protobuf to check it is ONNX and to find embedding-table sizes (pure; worker),
// with the codec's protobuf reader (src/workers/onnx/).
import { NotOnnxError } from '../../shared/errors.ts';
import { packedVarints, parseFields, readVarint } from './protobuf.ts';

/** Field numbers of ModelProto that can open a serialized model. */
const MODEL_FIELDS = new Set([1, 2, 3, 4, 5, 6, 7, 8, 14, 20, 25]);

function preview(bytes: Uint8Array): string {
  const head = bytes.subarray(0, 24);
  const printable = Array.from(head).every((b) => b === 9 || b === 10 || b === 13 || (b >= 32 && b < 127));
  if (printable) return `"${new TextDecoder().decode(head)}"`;
  return Array.from(head, (b) => b.toString(16).padStart(2, '0')).join(' ');
}

/** Throws NotOnnxError with the first bytes when `bytes` cannot be an ONNX ModelProto. */
export function assertLooksLikeOnnx(bytes: Uint8Array, label: string): void {
  if (bytes.length < 16) throw new NotOnnxError(`${label} is not an ONNX model: only ${bytes.length} bytes`);
  const first = bytes[0] as number;
  const field = first >> 3;
  const wire = first & 7;
  const wireOk = wire === 0 || wire === 2;
  const textStart = first === 0x3c || first === 0x7b || first === 0x50; // '<', '{', 'P' (zip)
  if (!MODEL_FIELDS.has(field) || !wireOk || textStart) {
    throw new NotOnnxError(`${label} is not an ONNX model: its first bytes were ${preview(bytes)}`);
  }
  const graph = scanGraph(bytes);
  if (graph === null) throw new NotOnnxError(`${label} is not an ONNX model: no graph found in ${bytes.length} bytes`);
}

/** Iterates the fields of one message as [field, wire, payload range]; a varint's range is [value, value]. */
function* fields(buf: Uint8Array, start: number, end: number): Generator<[number, number, [number, number]]> {
  for (const f of parseFields(buf, start, end))
    yield [f.field, f.wire, f.wire === 0 ? [readVarint(buf, f.start)[0], readVarint(buf, f.start)[0]] : [f.start, f.end]];
}

const text = (buf: Uint8Array, [s, e]: [number, number]): string => new TextDecoder().decode(buf.subarray(s, e));

function findGraph(bytes: Uint8Array): [number, number] | null {
  for (const [field, wire, range] of fields(bytes, 0, bytes.length)) if (field === 7 && wire === 2) return range;
  return null;
}

function scanGraph(bytes: Uint8Array): [number, number] | null {
  try {
    return findGraph(bytes);
  } catch {
    return null;
  }
}

/** One node: operator, inputs and outputs by name. */
export interface NodeView {
  op: string;
  inputs: string[];
  outputs: string[];
}

/** The parts of a graph the input planner reads: nodes in file order and each initializer's dims. */
export interface GraphView {
  nodes: NodeView[];
  initializers: Map<string, number[]>;
}

function readNode(buf: Uint8Array, [s, e]: [number, number]): NodeView {
  let op = '';
  const inputs: string[] = [];
  const outputs: string[] = [];
  for (const [field, , range] of fields(buf, s, e)) {
    if (field === 1) inputs.push(text(buf, range));
    else if (field === 2) outputs.push(text(buf, range));
    else if (field === 4) op = text(buf, range);
  }
  return { op, inputs, outputs };
}

function readInitializerHeader(buf: Uint8Array, [s, e]: [number, number]): { name: string; dims: number[] } {
  let name = '';
  const dims: number[] = [];
  for (const [field, wire, range] of fields(buf, s, e)) {
    if (field === 8) name = text(buf, range);
    else if (field === 1 && wire === 0) dims.push(range[0]);
    else if (field === 1 && wire === 2) dims.push(...packedVarints(buf, range[0], range[1]));
  }
  return { name, dims };
}

/** Reads the graph's nodes and initializer shapes (not their data); an empty view when the bytes hold no graph. */
export function readGraph(bytes: Uint8Array): GraphView {
  const view: GraphView = { nodes: [], initializers: new Map() };
  const graph = scanGraph(bytes);
  if (!graph) return view;
  for (const [field, wire, range] of fields(bytes, graph[0], graph[1])) {
    if (wire !== 2) continue;
    if (field === 1) view.nodes.push(readNode(bytes, range));
    else if (field === 5) {
      const init = readInitializerHeader(bytes, range);
      view.initializers.set(init.name, init.dims);
    }
  }
  return view;
}
