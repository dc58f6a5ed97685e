// State of an accuracy run on the main thread: for each variant of a classifier family, collect logits on the labelled
// set in the inference worker, score them, compare them with the fp32 WASM reference, and measure latency.
import {
  ACCURACY_SCHEMA_VERSION,
  evaluationJobs,
  QUICK_PROTOCOL,
  type AccuracyPlan,
  type AccuracyRun,
  type EvaluationJob,
  type VariantEvaluation,
} from '../../bench/accuracy/accuracy-run.ts';
import { agreementWith, scoreLogits } from '../../bench/accuracy/evaluation.ts';
import { operatorsOf } from '../../bench/accuracy/tradeoffs.ts';
import type { Catalog } from '../../shared/catalog.ts';
import { BUNDLED_LANGUAGE_ID } from '../../shared/datasets.ts';
import { InferenceError, PlanError } from '../../shared/errors.ts';
import { DEFAULT_PLAN, type RunPlan } from '../../shared/run-plan.ts';
import type { EvaluateOutput, EvaluateProgress } from '../../shared/contracts/accuracy.ts';
import { modelLocation, resolveModel } from '../core/catalog-client.ts';
import { loadDataset, type LoadedDataset } from '../core/dataset-client.ts';
import { Task } from '../core/task.svelte.ts';
import { InferenceClient } from '../core/inference-client.ts';
import type { PageEnvironment } from '../core/page-environment.ts';
import { buildRunResult } from '../core/result-builder.ts';

export const DEFAULT_ACCURACY_PLAN: AccuracyPlan = {
  baseModel: 'tierlab/tiny-code-encoder',
  variants: [],
  runtime: 'onnxruntime-web',
  backend: 'wasm',
  datasetId: BUNDLED_LANGUAGE_ID.id,
  seq: 128,
  batchSize: 8,
  budget: { stat: 'p90', maxMs: 50 },
  protocol: QUICK_PROTOCOL,
};

function progressLabel(p: EvaluateProgress): { fraction: number | null; label: string } {
  switch (p.phase) {
    case 'evaluate':
      return { fraction: p.done / p.total, label: `classifying ${p.done}/${p.total} inputs` };
    case 'protocol':
      return { fraction: p.progress.phase === 'warmup' ? 0 : p.progress.fraction, label: 'measuring latency' };
    case 'download':
      return { fraction: p.progress.total ? p.progress.loaded / p.progress.total : null, label: 'downloading' };
    case 'files':
      return { fraction: null, label: `loading ${p.files.length} files` };
    case 'session':
      return { fraction: null, label: 'creating the session' };
    case 'inputs':
      return { fraction: null, label: 'tokenizing' };
  }
}

function missingLatency(id: string): never {
  throw new InferenceError(`the worker returned no latency measurement for ${id}`);
}

/** The accuracy page's progress: which variant of how many, and how far that one is. */
export interface AccuracyProgress {
  step: number;
  steps: number;
  fraction: number | null;
  label: string;
}

/** What the controller reaches outside itself; tests give fakes. */
export interface AccuracyDeps {
  client: InferenceClient;
  /** Reads a labelled dataset by id, reporting pages read. */
  dataset: (id: string, onPage: (done: number, total: number) => void) => Promise<LoadedDataset>;
}

export class AccuracyController extends Task<InferenceClient, AccuracyProgress> {
  plan = $state<AccuracyPlan>(structuredClone(DEFAULT_ACCURACY_PLAN));
  #run = $state.raw<AccuracyRun | null>(null);
  #hidden = false;
  readonly #dataset: AccuracyDeps['dataset'];

  constructor(
    private readonly page: () => PageEnvironment | null,
    private readonly catalog: () => Catalog | null,
    deps: Partial<AccuracyDeps> = {},
  ) {
    super(deps.client ?? new InferenceClient(), { step: 0, steps: 0, fraction: null, label: '' });
    this.#dataset = deps.dataset ?? loadDataset;
    if (typeof document !== 'undefined')
      document.addEventListener('visibilitychange', () => {
        if (document.hidden && this.running) this.#hidden = true;
      });
  }

  /** The run so far: variants appear as they are scored. */
  get run(): AccuracyRun | null {
    return this.#run;
  }

  async start(): Promise<void> {
    const page = this.page();
    const catalog = this.catalog();
    if (this.running || !page || !catalog) return;
    const plan = $state.snapshot(this.plan) as AccuracyPlan;
    this.#run = null;
    this.#hidden = typeof document !== 'undefined' && document.hidden;
    await this.runTask(async (client, report) => {
      if (plan.variants.length === 0) throw new PlanError('choose at least one variant to evaluate');
      const dataset = await this.#dataset(plan.datasetId, (done, total) =>
        report({
          step: 0,
          steps: 0,
          fraction: total ? done / total : null,
          label: `reading ${plan.datasetId}: page ${done}/${total}`,
        }),
      );
      const samples = dataset.samples;
      const hasFp32 = (id: string) => !!catalog.entries.find((e) => e.id === id)?.variants.some((v) => v.dtype === 'fp32');
      const jobs = evaluationJobs(plan.variants, plan.backend, hasFp32);
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- working data of one run, never rendered
      const references = new Map<string, { label: string; logits: Float32Array }>();
      const variants: VariantEvaluation[] = [];
      const startedAt = Date.now();
      for (const [i, job] of jobs.entries()) {
        const out = await this.evaluateJob(
          client,
          report,
          job,
          plan,
          samples.map((s) => s.text),
          page,
          i,
          jobs.length,
        );
        const entry = catalog.entries.find((e) => e.id === job.variant.modelId);
        if (!entry) throw new PlanError(`model "${job.variant.modelId}" is not in the catalog`);
        const labels = out.output.labels ?? entry.labels;
        if (!labels)
          throw new PlanError(`${entry.id} does not name its classes (no id2label in its config, none in the catalog)`);
        if (job.reference) references.set(entry.id, { label: `${entry.id} fp32 on wasm`, logits: out.output.logits });
        if (!job.measured) continue;
        const reference = job.reference ? undefined : references.get(entry.id);
        const scored = scoreLogits(samples, out.output.logits, out.output.width, labels);
        variants.push({
          key: `${entry.id} ${job.variant.dtype} ${job.backend}`,
          modelId: entry.id,
          variant: job.variant.dtype,
          family: entry.family,
          label: `${entry.name.replace(/ \(fixture\)$/, '')} · ${job.variant.dtype}`,
          operators: operatorsOf(entry.family, job.variant.dtype),
          metrics: scored.metrics,
          unmapped: scored.unmapped,
          truncated: out.output.truncated,
          agreement: reference ? agreementWith(reference, out.output.logits, out.output.width) : null,
          latency: out.latency ?? missingLatency(entry.id),
          evalMs: out.output.evalMs,
          tokenizeMs: out.output.tokenizeMs,
        });
        this.#run = this.assemble(plan, dataset, variants, startedAt);
      }
      this.#run = this.assemble(plan, dataset, variants, startedAt);
    });
  }

  private assemble(plan: AccuracyPlan, dataset: LoadedDataset, variants: VariantEvaluation[], startedAt: number): AccuracyRun {
    return {
      schemaVersion: ACCURACY_SCHEMA_VERSION,
      kind: 'accuracy',
      id: crypto.randomUUID(),
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a timestamp string, not reactive state
      createdAt: new Date(startedAt).toISOString(),
      appVersion: __APP_VERSION__,
      plan,
      dataset: {
        id: dataset.entry.id,
        name: dataset.entry.name,
        samples: dataset.samples.length,
        skipped: dataset.skipped,
        source: dataset.entry.hub
          ? `${dataset.entry.hub.dataset} (${dataset.entry.hub.config}/${dataset.entry.hub.split}) via the rows API`
          : 'bundled',
      },
      variants: [...variants],
    };
  }

  private async evaluateJob(
    client: InferenceClient,
    report: (p: AccuracyProgress) => void,
    job: EvaluationJob,
    plan: AccuracyPlan,
    texts: string[],
    page: PageEnvironment,
    step: number,
    steps: number,
  ) {
    const runPlan: RunPlan = {
      ...DEFAULT_PLAN,
      model: { kind: 'catalog', id: job.variant.modelId, dtype: job.variant.dtype },
      runtime: plan.runtime,
      backend: job.backend,
      batches: [plan.batchSize],
      seq: plan.seq,
      protocol: plan.protocol,
    };
    const model = resolveModel(runPlan, this.catalog());
    const location = modelLocation(model, runPlan.runtime);
    if (!location) throw new PlanError(`${model.id} has no tokenizer location`);
    const source =
      runPlan.runtime === 'transformers.js'
        ? { runtime: 'transformers.js' as const, location, dtype: job.variant.dtype }
        : { runtime: 'onnxruntime-web' as const, file: { url: model.url as string } };
    const { probe } = await client.ready(runPlan.threads, runPlan.backend);
    const what = `${model.id} ${model.variant} on ${job.backend}${job.reference && !job.measured ? ' (fp32 reference)' : ''}`;
    const startedAt = Date.now();
    const output: EvaluateOutput = await client.evaluate(
      {
        model: source,
        label: model.id,
        backend: job.backend,
        texts,
        seq: plan.seq,
        evalBatch: 8,
        tokenizer: location,
        latency: job.measured ? { batchSize: plan.batchSize, protocol: plan.protocol } : null,
      },
      (p) => {
        const view = progressLabel(p);
        report({ step: step + 1, steps, fraction: view.fraction, label: `${what}: ${view.label}` });
      },
    );
    if (!job.measured || !output.raw || !output.latencyInputs) return { output, latency: null };
    const latency = buildRunResult({
      plan: runPlan,
      page,
      probe,
      output: {
        runtime: output.runtime,
        fileBytes: output.fileBytes,
        fetchMs: output.fetchMs,
        inputs: output.latencyInputs,
        pointInputs: { [plan.batchSize]: output.latencyInputs },
        raw: output.raw,
        deviceLost: output.deviceLost,
        // Catalog variants, not lab files: no operators recorded in them.
        provenance: null,
        endurance: null,
        profile: null,
      },
      modelId: model.id,
      variant: model.variant,
      backgrounded: this.#hidden,
      // The accuracy page shows its own progress while the latency point is timed: not claimed quiet.
      quiet: false,
      startedAt,
      finishedAt: Date.now(),
    });
    return { output, latency };
  }
}
