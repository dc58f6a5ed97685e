// State of one benchmark session on the main thread: the plan, progress, result or error; runs and cancels.
import { requiredRuntime, type Catalog } from '../../shared/catalog.ts';
import { DownloadDeclinedError, ModelTooLargeError, PlanError } from '../../shared/errors.ts';
import { tooLargeReason } from '../../shared/memory-check.ts';
import { DEFAULT_PLAN, planForTask, type RunPlan } from '../../shared/run-plan.ts';
import { LANGUAGES } from '../../shared/snippets.ts';
import type { RunResult } from '../../shared/run-result.ts';
import type { ModelSource, WorkerProbe } from '../../shared/contracts/model.ts';
import type { ModelLocation } from '../../shared/contracts/model.ts';
import { modelLocation, resolveModel, taskOf, tokenizerLocation, type ResolvedModel } from '../core/catalog-client.ts';
import { hubRepoOf } from '../../shared/hub-url.ts';
import { confirmDownload } from '../core/download-guard.ts';
import { RunSession } from '../core/run-session.ts';
import { InferenceClient } from '../core/inference-client.ts';
import type { PageEnvironment } from '../core/page-environment.ts';
import { settled } from '../core/settled.ts';
import { buildRunResult } from '../core/result-builder.ts';
import { progressView, type ProgressView } from '../ui/run-progress.ts';
import type { BenchmarkRunner, TaskStatus } from '../core/task-status.ts';

export class RunController implements BenchmarkRunner {
  plan = $state<RunPlan>(structuredClone(DEFAULT_PLAN));
  status = $state<TaskStatus>('idle');
  progress = $state.raw<ProgressView>({ fraction: null, label: '' });
  result = $state.raw<RunResult | null>(null);
  /** Results of a language sweep, one per language, in LANGUAGES order. */
  sweep = $state.raw<RunResult[]>([]);
  error = $state.raw<{ name: string; message: string } | null>(null);
  probe = $state.raw<WorkerProbe | null>(null);
  /** A dropped ONNX file, used when plan.model.kind is 'file'. */
  droppedFile = $state.raw<File | null>(null);

  private readonly runs = new RunSession(new InferenceClient());
  private hiddenDuringRun = false;

  constructor(
    private readonly page: () => PageEnvironment | null,
    private readonly catalog: () => Catalog | null,
  ) {
    if (typeof document !== 'undefined') {
      document.addEventListener('visibilitychange', () => {
        if (document.hidden && this.status === 'running') this.hiddenDuringRun = true;
      });
    }
  }

  get running(): boolean {
    return this.status === 'running';
  }

  /** Whether inputs are tokenized code: catalog models come with their tokenizer, and so does a URL with the Hub's
   *  layout (the repository's tokenizer.json next to the ONNX file); other URLs and files have none. */
  get hasTokenizer(): boolean {
    return hasTokenizer(this.plan);
  }

  /** Why per-language inputs are off for this model (null when it has a tokenizer). */
  get noTokenizerReason(): string | null {
    if (this.hasTokenizer) return null;
    return `no tokenizer for ${this.plan.model.kind === 'file' ? 'a file from this device' : 'a URL outside the Hub layout (…/org/name/resolve/main/….onnx)'}: it gets synthetic ids, the same for every language, so per-language inputs and the language sweep are off`;
  }

  /** Fits the plan to the chosen model: generators run on transformers.js with generation settings, and so do .onnx_data variants. */
  fitToModel(): void {
    const plan = $state.snapshot(this.plan) as RunPlan;
    const catalog = this.catalog();
    const fitted = planForTask(plan, taskOf(plan, catalog));
    const m = fitted.model;
    const entry = m.kind === 'catalog' ? catalog?.entries.find((e) => e.id === m.id) : undefined;
    const variant = entry?.variants.find((x) => m.kind === 'catalog' && x.dtype === m.dtype);
    if (entry && variant && requiredRuntime(entry, variant)) fitted.runtime = 'transformers.js';
    this.plan = fitted;
  }

  /** Runs the plan once. */
  async run(): Promise<void> {
    const plan = $state.snapshot(this.plan) as RunPlan;
    await this.session(async () => {
      this.result = await this.measure(plan, '');
    });
  }

  /** Runs the plan once per bundled language, so their costs can be compared on the same model and device. */
  async sweepLanguages(): Promise<void> {
    const plan = $state.snapshot(this.plan) as RunPlan;
    if (this.noTokenizerReason) {
      this.status = 'error';
      this.error = { name: 'PlanError', message: this.noTokenizerReason };
      return;
    }
    await this.session(async () => {
      const results: RunResult[] = [];
      for (const [i, language] of LANGUAGES.entries()) {
        const result = await this.measure({ ...plan, language }, `${language} (${i + 1}/${LANGUAGES.length}) · `);
        results.push(result);
        this.sweep = [...results];
        this.result = result;
      }
    });
  }

  /** Status bookkeeping around one or more measurements; errors and cancellation end in a usable state. */
  private async session(body: () => Promise<void>): Promise<void> {
    if (this.running || !this.page()) return;
    this.status = 'running';
    this.error = null;
    this.result = null;
    this.sweep = [];
    this.hiddenDuringRun = document.hidden;
    this.progress = { fraction: null, label: 'Starting the inference worker…' };
    const outcome = await this.runs.run(body);
    this.status = outcome.status;
    if (outcome.status === 'error') this.error = outcome.error;
  }

  private async measure(asked: RunPlan, labelPrefix: string): Promise<RunResult> {
    const page = this.page() as PageEnvironment;
    const startedAt = Date.now();
    // A share link may name a generator without its settings: the plan that runs (and is recorded) is the fitted one.
    const plan = planForTask(asked, taskOf(asked, this.catalog()));
    // Without a tokenizer the inputs are the same synthetic ids whatever the language: the result says 'mixed'.
    if (!hasTokenizer(plan)) plan.language = 'mixed';
    const model = resolveModel(plan, this.catalog());
    const { probe } = await this.runs.client.ready(plan.threads, plan.backend);
    this.probe = probe;
    const tooLarge = model.size ? tooLargeReason(model.size, plan.backend, page.deviceMemoryGb) : null;
    if (tooLarge) throw new ModelTooLargeError(`${model.id} ${model.variant} would not fit: ${tooLarge}`);
    if (!confirmDownload(model.bytes))
      throw new DownloadDeclinedError('download cancelled: the connection looks metered or slow');
    const location = modelLocation(model, plan.runtime);
    const source = await this.modelSource(plan, model, location);
    const tokenizer = tokenizerLocation(plan, model, plan.runtime);
    const output = await this.runs.client.benchmark(
      {
        model: source,
        label: model.id,
        backend: plan.backend,
        batches: plan.batches,
        seq: plan.seq,
        language: plan.language,
        padding: plan.padding,
        tokenizer,
        protocol: plan.protocol,
        generation: plan.generation ?? null,
      },
      (p) => {
        const view = progressView(p);
        this.progress = { ...view, label: labelPrefix + view.label };
        // Between two timed visits: the worker waits until the page has painted this, so nothing overlaps a visit.
        if (p.phase === 'protocol') return settled();
      },
    );
    const backgrounded = this.hiddenDuringRun;
    const result = buildRunResult({
      plan,
      page,
      probe,
      output,
      modelId: model.id,
      variant: model.variant,
      backgrounded,
      quiet: true,
      startedAt,
      finishedAt: Date.now(),
    });
    return result;
  }

  /** What the worker loads: the ONNX file for onnxruntime-web, or the model folder for transformers.js. */
  private async modelSource(plan: RunPlan, model: ResolvedModel, location: ModelLocation | null): Promise<ModelSource> {
    if (plan.runtime === 'transformers.js') {
      if (!location || plan.model.kind !== 'catalog') {
        throw new PlanError(
          'transformers.js loads catalog models by id; a URL or a file from this device runs on onnxruntime-web',
        );
      }
      return { runtime: 'transformers.js', location, dtype: plan.model.dtype };
    }
    if (model.url) return { runtime: 'onnxruntime-web', file: { url: model.url } };
    if (this.droppedFile) {
      return {
        runtime: 'onnxruntime-web',
        file: { bytes: new Uint8Array(await this.droppedFile.arrayBuffer()), name: this.droppedFile.name },
      };
    }
    throw new PlanError('drop an .onnx file first');
  }

  cancel(): void {
    if (!this.running) return;
    this.runs.cancel();
    this.status = 'cancelled';
    this.progress = { fraction: null, label: '' };
  }
}

/** Catalog models and Hub-layout URLs come with a tokenizer; files and other URLs do not. */
function hasTokenizer(plan: Pick<RunPlan, 'model'>): boolean {
  return plan.model.kind === 'catalog' || (plan.model.kind === 'url' && hubRepoOf(plan.model.url) !== null);
}
