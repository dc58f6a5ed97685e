// Raising a model's default-domain opset where ONNX's rules leave every operator in it meaning the same (pure;
// inference worker and Node tests): dynamic int8 needs opset 11 and static int8 opset 13, and older exports
// (keras2onnx's TF-BERT at opset 10) would otherwise be refused. Only operators whose versions between 10 and 13 add
// types, negative axes or optional inputs (docs/Changelog.md of onnx/onnx at commit
// 4cad1c7b3f5cacef51ee34039e36e2cbfcd8db14) are upgraded in place; any other operator, or a subgraph, is refused by
// name, since its meaning may change (Clip-11 takes min/max as inputs, Squeeze-13 its axes, Softmax-13 its axis).
import { OperatorError } from '../../shared/errors.ts';
import type { EditableModel } from './onnx-edit.ts';
import { nodeDomain, opsetVersion, setOpsetVersion } from './onnx-edit.ts';

/** The same meaning for a valid graph at every opset from 10 to 13. */
const SAME_TO_13 = new Set(
  (
    'Abs Acos Add And Asin Atan Cast Ceil Concat Constant ConstantOfShape Cos DequantizeLinear Div Elu Equal Erf Exp ' +
    'Expand Flatten Floor Gather Gemm Greater HardSigmoid Identity IsInf IsNaN LeakyRelu Less Log MatMul ' +
    'MatMulInteger Max Mean Min Mod Mul Neg Not Or Pow QuantizeLinear Reciprocal ReduceMax ReduceMean ReduceMin ' +
    'ReduceProd Relu Reshape Selu Shape Sigmoid Sign Sin Size Slice Softplus Softsign Sqrt Sub Sum Tan Tanh Tile ' +
    'Transpose Where Xor'
  ).split(' '),
);
/** The same meaning up to opset 12; at 13 their axes or splits become inputs, or Softmax's axis changes meaning. */
const SAME_TO_12 = new Set(['Squeeze', 'Unsqueeze', 'ReduceSum', 'Split', 'Softmax', 'LogSoftmax', 'Hardmax']);

/**
 * Raises the default opset to `target` when every default-domain operator keeps its meaning; returns a note, or null
 * when the model already is at `target` or above. Refuses naming the operators that block it.
 */
export function upgradeOpset(m: EditableModel, target: number, operator: string): string | null {
  const from = opsetVersion(m);
  if (from === undefined || from >= target) return null;
  const blocking = new Set<string>();
  for (const node of m.nodes) {
    if (nodeDomain(node) !== '' && nodeDomain(node) !== 'ai.onnx') continue;
    if (node.subgraphReads !== undefined) blocking.add(`${node.op} (a subgraph)`);
    else if (!SAME_TO_13.has(node.op) && !(target <= 12 && SAME_TO_12.has(node.op))) blocking.add(node.op);
  }
  if (blocking.size > 0)
    throw new OperatorError(
      `${operator} needs opset ${target} or later, and this model is opset ${from}; raising it would change the meaning of ` +
        `${[...blocking].sort().join(', ')} (ONNX's operator changelog): re-export it at opset ${target} or later`,
    );
  setOpsetVersion(m, '', target);
  return `opset raised from ${from} to ${target} (every operator in the graph means the same at ${target})`;
}
