// The deployment operators the operators lab applies to a model, and their settings (runs everywhere): one typed
// contract for the page, the worker that rewrites the graph and the provenance a variant records.
import * as v from 'valibot';

export const OperatorSpecSchema = v.variant('kind', [
  /** Black-box: int8 weights, activations quantized at run time (DynamicQuantizeLinear → MatMulInteger). */
  v.strictObject({ kind: v.literal('dynamic-int8'), perChannel: v.boolean() }),
  /** Black-box: int8 weights per channel and uint8 activations from calibrated ranges, as QDQ pairs. */
  v.strictObject({
    kind: v.literal('static-int8'),
    calibration: v.picklist(['minmax', 'percentile']),
    /** For 'percentile': the share of values kept inside the range, e.g. 99.99. */
    percentile: v.pipe(v.number(), v.minValue(90), v.maxValue(100)),
    samples: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1024)),
  }),
  /** Weights and activations in float16, float32 inputs and outputs. */
  v.strictObject({ kind: v.literal('fp16') }),
  /**
   * 4-bit weight-only blocks (com.microsoft MatMulNBits) as MLAS quantizes them: with zero points (ORT's default)
   * or symmetric. Absent `symmetric` (results stored before it existed) reads as the zero-point form.
   */
  v.strictObject({ kind: v.literal('q4'), blockSize: v.picklist([32, 128]), symmetric: v.optional(v.boolean()) }),
  /** Structured: the FFN neurons with the smallest weight magnitude removed, so the matrices shrink. */
  v.strictObject({ kind: v.literal('prune-ffn'), ratio: v.pipe(v.number(), v.minValue(0), v.maxValue(0.95)) }),
  /** Structured: the attention heads with the smallest weight magnitude removed. */
  v.strictObject({ kind: v.literal('prune-heads'), ratio: v.pipe(v.number(), v.minValue(0), v.maxValue(0.95)) }),
  /** Depth: the top `drop` layers removed; the residual stream goes straight to the head. */
  v.strictObject({ kind: v.literal('prune-depth'), drop: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(64)) }),
  /** Unstructured: the smallest-magnitude weights set to zero (same shapes; smaller only once compressed). */
  v.strictObject({
    kind: v.literal('prune-unstructured'),
    sparsity: v.pipe(v.number(), v.minValue(0), v.maxValue(0.99)),
  }),
]);
export type OperatorSpec = v.InferOutput<typeof OperatorSpecSchema>;

/** What made a model file the operators lab wrote (kept in its metadata_props, and in a RunResult of it). */
export const ModelProvenanceSchema = v.strictObject({
  from: v.picklist(['base', 'student', 'extra']),
  operators: v.pipe(v.array(OperatorSpecSchema), v.minLength(1), v.maxLength(16)),
  by: v.pipe(v.string(), v.maxLength(100)),
});
export type ModelProvenance = v.InferOutput<typeof ModelProvenanceSchema>;

/** The provenance a file's metadata claims, checked; null when it has none or it does not parse. */
export function parseProvenance(text: string | undefined): ModelProvenance | null {
  if (!text || text.length > 10_000) return null;
  try {
    const parsed = v.safeParse(ModelProvenanceSchema, JSON.parse(text));
    return parsed.success ? parsed.output : null;
  } catch {
    return null;
  }
}
export type OperatorKind = OperatorSpec['kind'];

/** What applying one operator did to the graph, in numbers a person can check. */
export interface OperatorReport {
  spec: OperatorSpec;
  /** Nodes rewritten (MatMuls quantized, layers or neurons removed...). */
  rewritten: number;
  /** Weighted nodes left as they were, with why (a Gemm, a weight behind a Transpose...). */
  skipped: string[];
  /** Parameters (weight values) before and after. */
  paramsBefore: number;
  paramsAfter: number;
  /** Notes in words: ranges calibrated, neurons kept per layer, sparsity reached. */
  notes: string[];
}

/** A short name for a chain of operators: "dynamic int8 (per channel) + prune FFN 50%". */
export function describeOperator(spec: OperatorSpec): string {
  switch (spec.kind) {
    case 'dynamic-int8':
      return `dynamic int8 (${spec.perChannel ? 'per channel' : 'per tensor'})`;
    case 'static-int8':
      return `static int8 (${spec.calibration === 'minmax' ? 'min-max' : `TierLab two-sided percentile ${spec.percentile}`}, ${spec.samples} samples)`;
    case 'fp16':
      return 'fp16';
    case 'q4':
      return `4-bit weights (block ${spec.blockSize}, ${spec.symmetric ? 'symmetric' : 'zero points'})`;
    case 'prune-ffn':
      return `FFN neurons pruned ${Math.round(spec.ratio * 100)}%`;
    case 'prune-heads':
      return `attention heads pruned ${Math.round(spec.ratio * 100)}%`;
    case 'prune-depth':
      return `top ${spec.drop} layer${spec.drop === 1 ? '' : 's'} dropped`;
    case 'prune-unstructured':
      return `${Math.round(spec.sparsity * 100)}% of weights zeroed`;
  }
}
