// The accuracy run (runs everywhere): its plan, each variant's outcome (metrics, agreement with the fp32 WASM
// reference, and the latency measurement as a full RunResult), and which catalog models form a family.
import { InferenceError } from '../../shared/errors.ts';
import type { Agreement } from './agreement.ts';
import type { ClassificationMetrics } from './classification-metrics.ts';
import type { Catalog, CatalogEntry, Dtype } from '../../shared/catalog.ts';
import { DEFAULT_PROTOCOL, type Backend, type ProtocolSettings, type RuntimeName } from '../../shared/run-plan.ts';
import type { RunResult } from '../../shared/run-result.ts';
import type { VariantMeasure } from './tradeoffs.ts';

export const ACCURACY_SCHEMA_VERSION = 1;

export interface VariantRef {
  modelId: string;
  dtype: Dtype;
}

export interface LatencyBudgetPlan {
  stat: 'median' | 'p90';
  maxMs: number;
}

export interface AccuracyPlan {
  /** The family's base model (a teacher); its students and conversions come along. */
  baseModel: string;
  variants: VariantRef[];
  runtime: RuntimeName;
  backend: Backend;
  datasetId: string;
  /** Tokens per input at most. */
  seq: number;
  /** Batch size whose latency is measured, for the trade-off views and the budget. */
  batchSize: number;
  budget: LatencyBudgetPlan;
  protocol: ProtocolSettings;
}

export const QUICK_PROTOCOL: ProtocolSettings = { ...DEFAULT_PROTOCOL, targetRelCi: 0.1, maxTimeMs: 4000 };

export interface VariantEvaluation {
  key: string;
  modelId: string;
  variant: Dtype;
  family: CatalogEntry['family'];
  label: string;
  operators: string[];
  metrics: ClassificationMetrics;
  /** Dataset samples whose label this model lacks (left out of its metrics). */
  unmapped: number;
  /** Inputs longer than `seq` tokens, truncated. */
  truncated: number;
  /** Against this model's fp32 on WASM; null for that reference itself. */
  agreement: (Agreement & { reference: string; drift: boolean }) | null;
  /** The latency at the plan's batch size, with the environment, flags and notes of any run. */
  latency: RunResult;
  evalMs: number;
  tokenizeMs: number;
}

export interface AccuracyRun {
  schemaVersion: typeof ACCURACY_SCHEMA_VERSION;
  kind: 'accuracy';
  id: string;
  createdAt: string;
  appVersion: string;
  plan: AccuracyPlan;
  dataset: { id: string; name: string; samples: number; skipped: number; source: string };
  variants: VariantEvaluation[];
}

/** Classifier families: a base model and the catalog entries distilled or converted from it. */
export function classifierFamilies(catalog: Catalog): { base: CatalogEntry; members: CatalogEntry[] }[] {
  const classifiers = catalog.entries.filter((e) => e.task === 'text-classification');
  const ids = new Set(classifiers.map((e) => e.id));
  return classifiers
    .filter((e) => !e.baseModel || !ids.has(e.baseModel))
    .map((base) => ({ base, members: [base, ...classifiers.filter((e) => e.baseModel === base.id)] }));
}

export interface EvaluationJob {
  variant: VariantRef;
  backend: Backend;
  /** Measure latency too: this job is one of the planned variants. */
  measured: boolean;
  /** Its logits are the reference for the model's other variants (fp32 on WASM). */
  reference: boolean;
}

/**
 * The evaluations a plan needs, in order: per model, its fp32 WASM reference first (measured too when it is one of
 * the planned variants on WASM), then the planned variants. A model without an fp32 variant has no reference.
 */
export function evaluationJobs(
  variants: readonly VariantRef[],
  backend: Backend,
  hasFp32: (modelId: string) => boolean,
): EvaluationJob[] {
  const jobs: EvaluationJob[] = [];
  const models = [...new Set(variants.map((v) => v.modelId))];
  for (const modelId of models) {
    const mine = variants.filter((v) => v.modelId === modelId);
    const fp32Planned = mine.some((v) => v.dtype === 'fp32');
    if (hasFp32(modelId)) {
      jobs.push({
        variant: { modelId, dtype: 'fp32' },
        backend: 'wasm',
        measured: fp32Planned && backend === 'wasm',
        reference: true,
      });
    }
    for (const v of mine) {
      if (v.dtype === 'fp32' && backend === 'wasm' && hasFp32(modelId)) continue;
      jobs.push({ variant: v, backend, measured: true, reference: false });
    }
  }
  return jobs;
}

/** A variant's figures for the trade-off views: accuracy, and latency at the plan's batch size. */
export function measureOf(e: VariantEvaluation): VariantMeasure {
  const point = e.latency.points[0];
  if (!point) throw new InferenceError(`${e.key} has no latency point`);
  return {
    key: e.key,
    label: `${e.label}${e.latency.environment.executionProvider === 'webgpu' ? ' (WebGPU)' : ''}`,
    operators: e.operators,
    accuracy: e.metrics.accuracy,
    accuracyCi95: e.metrics.accuracyCi95,
    medianMs: point.stats.median,
    medianCi95: point.stats.ci95,
    p90Ms: point.stats.p90,
    bytes: e.latency.model.fileBytes,
  };
}
