// Half precision on the raw graph (pure; inference worker and Node tests): every float32 initializer and constant
// becomes float16, every Cast to float32 casts to float16, float inputs are cast down on entry and outputs cast back
// up, so callers still feed and read float32. Weights and activations then run in half precision where the runtime
// has float16 kernels (WebGPU needs the adapter's shader-f16 feature).
import { OperatorError } from '../../shared/errors.ts';
import type { GraphNode } from '../onnx/model.ts';
import { parseFields, payloadOf, readVarint } from '../onnx/protobuf.ts';
import {
  decodeTensor,
  DT,
  encodeModel,
  floats,
  intAttr,
  makeNode,
  openModel,
  paramCount,
  withInputs,
  withOutputs,
  type Tensor,
} from './onnx-edit.ts';
import type { Rewritten } from './weight-quant.ts';
import { toHalfBits } from '../onnx/half.ts';

function halfTensor(t: Tensor): Tensor {
  const v = floats(t);
  const out = new Uint16Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = toHalfBits(v[i] as number);
  return { name: t.name, dataType: DT.FLOAT16, dims: t.dims, data: new Uint8Array(out.buffer) };
}

/** A Constant node's tensor value (attribute `value`), or null. */
function constantTensor(node: GraphNode): Tensor | null {
  const payload = payloadOf(node.raw);
  for (const f of parseFields(payload, 0, payload.length)) {
    if (f.field !== 5) continue;
    const t = parseFields(payload, f.start, f.end).find((p) => p.field === 5 && p.wire === 2);
    if (t) return decodeTensor(payload.subarray(t.start, t.end));
  }
  return null;
}

const elemType = (raw: Uint8Array): number | null => {
  // ValueInfoProto.type (2) → TypeProto.tensor_type (1) → elem_type (1).
  const vi = payloadOf(raw);
  const type = parseFields(vi, 0, vi.length).find((f) => f.field === 2);
  const tensor = type && parseFields(vi, type.start, type.end).find((f) => f.field === 1);
  const elem = tensor && parseFields(vi, tensor.start, tensor.end).find((f) => f.field === 1);
  return elem ? readVarint(vi, elem.start)[0] : null;
};

/** Converts the model to float16 with float32 inputs and outputs. */
export function toFp16(bytes: Uint8Array): Rewritten {
  const m = openModel(bytes);
  // A subgraph (If branch, Loop body) declares its own float32 inputs and outputs, which this rewrite does not reach:
  // converting the weights it reads would give its nodes float16 values its declarations call float32.
  const nested = m.nodes.find((n) => n.subgraphReads);
  if (nested)
    throw new OperatorError(
      `fp16 does not rewrite subgraphs yet, and the ${nested.op} node "${nested.outputs[0] ?? ''}" has one: the model is left in float32`,
    );
  const paramsBefore = paramCount(m);
  let converted = 0;
  for (const [name, t] of m.tensors)
    if (t.dataType === DT.FLOAT) {
      m.tensors.set(name, halfTensor(t));
      converted += 1;
    }
  const nodes: GraphNode[] = [];
  const renamed = new Map<string, string>();
  for (const i of m.inputs)
    if (elemType(i.raw) === DT.FLOAT && !m.tensors.has(i.name)) {
      renamed.set(i.name, `${i.name}_fp16`);
      nodes.push(makeNode('Cast', [i.name], [`${i.name}_fp16`], { to: { i: DT.FLOAT16 } }));
    }
  const floatOutputs = new Set(m.outputs.filter((o) => elemType(o.raw) === DT.FLOAT).map((o) => o.name));
  /** Each float output a node wrote, and the float16 tensor it now writes before the Cast back to float32. */
  const internal = new Map<string, string>();
  for (const node of m.nodes) {
    let n = node.inputs.some((t) => renamed.has(t))
      ? withInputs(
          node,
          node.inputs.map((t) => renamed.get(t) ?? t),
        )
      : node;
    const constant = n.op === 'Constant' ? constantTensor(n) : null;
    if (constant?.dataType === DT.FLOAT) {
      // A float constant becomes a float16 initializer under the node's output name.
      m.tensors.set(n.outputs[0] as string, halfTensor({ ...constant, name: n.outputs[0] as string }));
      continue;
    }
    if (n.op === 'Cast' && intAttr(n, 'to') === DT.FLOAT) n = makeNode('Cast', n.inputs, n.outputs, { to: { i: DT.FLOAT16 } });
    const outs = n.outputs.filter((o) => floatOutputs.has(o));
    if (outs.length) {
      for (const o of outs) internal.set(o, `${o}_fp16`);
      nodes.push(
        withOutputs(
          n,
          n.outputs.map((o) => (outs.includes(o) ? `${o}_fp16` : o)),
        ),
      );
      // Named apart from the node that wrote `o` before: a Cast to float32 it replaced was named after `o` too.
      for (const o of outs)
        nodes.push(makeNode('Cast', [`${o}_fp16`], [o], { to: { i: DT.FLOAT } }, '', `tierlab_${o}_to_float32`));
    } else nodes.push(n);
  }
  // An output that nodes also read (a decoder's present.* KV cache) is float32 only for the outside: inside, its
  // readers take the float16 value, as every other tensor they read is float16.
  m.nodes = nodes.map((n) =>
    n.inputs.some((t) => internal.has(t))
      ? withInputs(
          n,
          n.inputs.map((t) => internal.get(t) ?? t),
        )
      : n,
  );
  // Declared intermediate types are float32 ones: drop them and let the runtime infer.
  m.valueInfo = [];
  return {
    bytes: encodeModel(m),
    report: {
      rewritten: converted,
      skipped: [],
      paramsBefore,
      paramsAfter: paramCount(m),
      notes: [`${converted} initializers in float16`],
    },
  };
}
