// The operators that are pure graph rewrites (pure; inference worker, Node tests and the operators benchmark): every
// operator but static int8, whose calibration needs a session on the runtime at hand. One dispatch for the lab's
// worker, the operator sweep and `npm run bench:operators`.
import type { OperatorSpec } from '../../shared/operators.ts';
import { toFp16 } from './fp16.ts';
import { pruneDepth } from './prune-depth.ts';
import { pruneFfn } from './prune-ffn.ts';
import { pruneHeads } from './prune-heads.ts';
import { pruneUnstructured } from './prune-unstructured.ts';
import { dynamicInt8, weightOnlyQ4, type Rewritten } from './weight-quant.ts';

export type GraphOperatorSpec = Exclude<OperatorSpec, { kind: 'static-int8' }>;

/** Applies one graph-rewriting operator to `bytes`; throws an OperatorError naming why it cannot. */
export function rewriteGraph(bytes: Uint8Array, spec: GraphOperatorSpec): Rewritten {
  switch (spec.kind) {
    case 'dynamic-int8':
      return dynamicInt8(bytes, spec.perChannel);
    case 'fp16':
      return toFp16(bytes);
    case 'q4':
      return weightOnlyQ4(bytes, spec.blockSize, spec.symmetric ?? false);
    case 'prune-ffn':
      return pruneFfn(bytes, spec.ratio);
    case 'prune-heads':
      return pruneHeads(bytes, spec.ratio);
    case 'prune-depth':
      return pruneDepth(bytes, spec.drop);
    case 'prune-unstructured':
      return pruneUnstructured(bytes, spec.sparsity);
  }
}
