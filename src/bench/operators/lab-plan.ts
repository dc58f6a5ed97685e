// The operators lab's plan (main thread, pure): which operators to apply with which settings, and the variants that
// makes: each operator on the base model, distillation (the catalog student) and the hybrids built from it.
import { describeOperator, type OperatorSpec } from '../../shared/operators.ts';
import type { LabVariantSpec } from '../../shared/contracts/operators.ts';

export interface LabSettings {
  dynamic: { on: boolean; perChannel: boolean };
  static: { on: boolean; calibration: 'minmax' | 'percentile'; percentile: number; samples: number };
  fp16: { on: boolean };
  q4: { on: boolean; blockSize: 32 | 128; symmetric: boolean };
  ffn: { on: boolean; ratio: number };
  heads: { on: boolean; ratio: number };
  depth: { on: boolean; drop: number };
  unstructured: { on: boolean; sparsity: number };
  /** The catalog student, and each hybrid of it with the quantizers that are on. */
  distillation: { on: boolean; hybrids: boolean };
}

export const DEFAULT_LAB_SETTINGS: LabSettings = {
  dynamic: { on: true, perChannel: true },
  static: { on: true, calibration: 'minmax', percentile: 99.99, samples: 32 },
  fp16: { on: true },
  q4: { on: true, blockSize: 32, symmetric: false },
  ffn: { on: true, ratio: 0.5 },
  heads: { on: true, ratio: 0.5 },
  depth: { on: true, drop: 1 },
  unstructured: { on: true, sparsity: 0.5 },
  distillation: { on: true, hybrids: true },
};

/** The quantizers that are on, as operator specs, in the page's order. */
function quantizers(s: LabSettings): OperatorSpec[] {
  const out: OperatorSpec[] = [];
  if (s.dynamic.on) out.push({ kind: 'dynamic-int8', perChannel: s.dynamic.perChannel });
  if (s.static.on)
    out.push({
      kind: 'static-int8',
      calibration: s.static.calibration,
      percentile: s.static.percentile,
      samples: s.static.samples,
    });
  if (s.fp16.on) out.push({ kind: 'fp16' });
  return out;
}

/** Every variant the settings ask for: fp32 first (the reference), then one per operator, then distillation. */
export function labVariants(s: LabSettings, hasStudent: boolean, extraName: string | null): LabVariantSpec[] {
  const one = (id: string, op: OperatorSpec): LabVariantSpec => ({
    id,
    label: describeOperator(op),
    from: 'base',
    operators: [op],
  });
  const out: LabVariantSpec[] = [{ id: 'fp32', label: 'fp32 (reference)', from: 'base', operators: [] }];
  for (const op of quantizers(s)) out.push(one(op.kind, op));
  if (s.q4.on) out.push(one('q4', { kind: 'q4', blockSize: s.q4.blockSize, symmetric: s.q4.symmetric }));
  if (s.ffn.on) out.push(one('prune-ffn', { kind: 'prune-ffn', ratio: s.ffn.ratio }));
  if (s.heads.on) out.push(one('prune-heads', { kind: 'prune-heads', ratio: s.heads.ratio }));
  if (s.depth.on) out.push(one('prune-depth', { kind: 'prune-depth', drop: s.depth.drop }));
  if (s.unstructured.on) out.push(one('prune-unstructured', { kind: 'prune-unstructured', sparsity: s.unstructured.sparsity }));
  if (s.distillation.on && hasStudent) {
    out.push({ id: 'distilled', label: 'distilled', from: 'student', operators: [] });
    if (s.distillation.hybrids)
      for (const op of quantizers(s))
        out.push({ id: `distilled+${op.kind}`, label: `distilled + ${describeOperator(op)}`, from: 'student', operators: [op] });
  }
  if (extraName) out.push({ id: 'extra', label: `${extraName} (as given)`, from: 'extra', operators: [] });
  return out;
}
