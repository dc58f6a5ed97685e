// Accuracy/latency trade-offs of model variants (pure; runs everywhere): each compression operator against the
// baseline, and the variant to pick under a latency budget.

export interface Interval {
  lo: number;
  hi: number;
}

/** One variant measured on this device: accuracy on the evaluation set, latency at the plan's batch size. */
export interface VariantMeasure {
  key: string;
  label: string;
  /** Compression applied relative to the baseline, e.g. ['distilled', 'int8']; empty for the baseline itself. */
  operators: string[];
  accuracy: number;
  accuracyCi95: Interval;
  medianMs: number;
  medianCi95: Interval;
  p90Ms: number;
  bytes: number;
}

/** The operators a catalog variant applies: distillation from its family, quantization from its dtype. */
export function operatorsOf(family: string, dtype: string): string[] {
  const ops: string[] = [];
  if (family === 'distilled-student') ops.push('distilled');
  if (dtype === 'fp16') ops.push('fp16');
  else if (['int8', 'uint8', 'q8'].includes(dtype)) ops.push('int8');
  else if (['q4', 'q4f16', 'bnb4'].includes(dtype)) ops.push(dtype === 'q4f16' ? 'q4 + fp16' : 'q4');
  return ops;
}

export interface OperatorRow {
  key: string;
  label: string;
  operators: string[];
  /** Accuracy minus the baseline's (fraction; -0.02 is two points lost). */
  accuracyDelta: number;
  /** The two accuracy intervals do not overlap: the change is larger than the measurement's uncertainty. */
  accuracyClear: boolean;
  /** Median latency over the baseline's (0.5 is twice as fast). */
  latencyRatio: number;
  latencyClear: boolean;
  bytesRatio: number;
}

const apart = (a: Interval, b: Interval) => a.hi < b.lo || b.hi < a.lo;

/** Every variant against `baseline`, in the given order. Non-overlapping intervals count as a clear difference. */
export function compareToBaseline(baseline: VariantMeasure, variants: readonly VariantMeasure[]): OperatorRow[] {
  return variants.map((v) => ({
    key: v.key,
    label: v.label,
    operators: v.operators,
    accuracyDelta: v.accuracy - baseline.accuracy,
    accuracyClear: apart(v.accuracyCi95, baseline.accuracyCi95),
    latencyRatio: v.medianMs / baseline.medianMs,
    latencyClear: apart(v.medianCi95, baseline.medianCi95),
    bytesRatio: baseline.bytes > 0 ? v.bytes / baseline.bytes : 1,
  }));
}

export interface LatencyBudget {
  stat: 'median' | 'p90';
  maxMs: number;
  batchSize: number;
}

export type Recommendation =
  | { kind: 'pick'; pick: VariantMeasure; best: VariantMeasure; accuracyCost: number; text: string }
  | { kind: 'none'; fastest: VariantMeasure | null; text: string };

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const latencyOf = (v: VariantMeasure, stat: LatencyBudget['stat']) => (stat === 'p90' ? v.p90Ms : v.medianMs);

/**
 * The most accurate variant whose latency statistic stays under the budget (ties go to the faster), and what it
 * gives up against the most accurate variant overall.
 */
export function recommend(variants: readonly VariantMeasure[], budget: LatencyBudget): Recommendation {
  const within = variants.filter((v) => latencyOf(v, budget.stat) <= budget.maxMs);
  const byAccuracy = (a: VariantMeasure, b: VariantMeasure) =>
    b.accuracy - a.accuracy || latencyOf(a, budget.stat) - latencyOf(b, budget.stat);
  const under = `${budget.stat} under ${budget.maxMs} ms at batch ${budget.batchSize}`;
  if (within.length === 0) {
    const fastest = [...variants].sort((a, b) => latencyOf(a, budget.stat) - latencyOf(b, budget.stat))[0] ?? null;
    return {
      kind: 'none',
      fastest,
      text: fastest
        ? `No variant keeps ${under} on this device; the fastest, ${fastest.label}, takes ${latencyOf(fastest, budget.stat).toFixed(2)} ms.`
        : 'Nothing was measured.',
    };
  }
  const pick = [...within].sort(byAccuracy)[0] as VariantMeasure;
  const best = [...variants].sort(byAccuracy)[0] as VariantMeasure;
  const accuracyCost = best.accuracy - pick.accuracy;
  const cost =
    pick.key === best.key || accuracyCost <= 0
      ? 'the most accurate variant measured, so it costs no accuracy'
      : `${pct(accuracyCost)} below the most accurate, ${best.label} (${pct(best.accuracy)}, ${latencyOf(best, budget.stat).toFixed(2)} ms)`;
  return {
    kind: 'pick',
    pick,
    best,
    accuracyCost: Math.max(0, accuracyCost),
    text: `For ${under}, use ${pick.label}: ${pct(pick.accuracy)} accurate at ${latencyOf(pick, budget.stat).toFixed(2)} ms, ${cost}.`,
  };
}
