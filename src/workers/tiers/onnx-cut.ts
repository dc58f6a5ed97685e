// Cuts an ONNX model at a tensor into a head (inputs → tensor) and a tail (tensor → outputs), working on the raw
// protobuf so nodes and weights are copied as they are (pure; inference worker and Node tests). layer-boundaries.ts
// finds where an encoder can be cut. The protobuf and model codec is src/workers/onnx/.
import { closure } from '../onnx/graph-walk.ts';
import { GRAPH, encodeGraph, floatValueInfo, namesRead, parseModel, type GraphNode, type ParsedModel } from '../onnx/model.ts';
import { lengthField, payloadOf } from '../onnx/protobuf.ts';

function buildModel(m: ParsedModel, nodes: Set<number>, inputs: Uint8Array[], outputs: Uint8Array[]): Uint8Array {
  const kept = m.nodes.filter((_, i) => nodes.has(i));
  const used = new Set([...namesRead(kept), ...kept.flatMap((n) => n.outputs)]);
  return encodeGraph(m, {
    nodes: kept,
    initializers: m.initializers.filter((i) => used.has(i.name)).map((i) => i.raw),
    inputs: inputs.map((i) => lengthField(GRAPH.input, i)),
    outputs: outputs.map((o) => lengthField(GRAPH.output, o)),
    valueInfo: m.valueInfo.filter((v) => used.has(v.name)).map((v) => v.raw),
  });
}

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
    const read = namesRead([...nodes].map((i) => m.nodes[i] as GraphNode));
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
