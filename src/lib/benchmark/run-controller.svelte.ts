// The Benchmark page's controller (main thread): the plan, and a run or language sweep of it on the worker as a Task
// (status, progress, error, cancel), with its result, sweep and the worker's probe private behind getters.
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
import { Task } from '../core/task.svelte.ts';
import { InferenceClient } from '../core/inference-client.ts';
import { keepForOffline } from '../app/offline-keep.ts';
import type { PageEnvironment } from '../core/page-environment.ts';
import { settled } from '../core/settled.ts';
import { buildRunResult } from '../core/result-builder.ts';
import { progressView, type ProgressView } from '../ui/run-progress.ts';
import type { BenchmarkRunner } from '../core/task-status.ts';
import { EnduranceRecorder } from './endurance-recorder.ts';

/** What the controller reaches outside itself; tests give fakes. */
export interface RunDeps {
  page: () => PageEnvironment | null;
  catalog: () => Catalog | null;
  client: InferenceClient;
  /** Whether the page is hidden now (a run that was hidden at any time is flagged backgrounded). */
  hidden: () => boolean;
  /** Asks before a large download on a metered connection. */
  confirm: (bytes: number | null) => boolean;
  /** Hands the files a run loaded to the service worker to keep for offline use. */
  keep: (urls: readonly string[]) => void;
}

const pageHidden = (): boolean => typeof document !== 'undefined' && document.hidden;

export class RunController extends Task<InferenceClient> implements BenchmarkRunner {
  plan = $state<RunPlan>(structuredClone(DEFAULT_PLAN));
  /** A dropped ONNX file, used when plan.model.kind is 'file'. */
  droppedFile = $state.raw<File | null>(null);
  #result = $state.raw<RunResult | null>(null);
  /** onnxruntime's raw trace of the last profiled pass (kept out of the result: it is for Perfetto, not the crowd). */
  #trace = $state.raw<string | null>(null);
  #sweep = $state.raw<RunResult[]>([]);
  #probe = $state.raw<WorkerProbe | null>(null);
  #hiddenDuringRun = false;
  /** The battery's capacity in watt-hours, typed in for derived joules; null when unknown. */
  wattHours = $state<number | null>(null);
  readonly #deps: Omit<RunDeps, 'client'>;

  constructor(deps: Pick<RunDeps, 'page' | 'catalog'> & Partial<RunDeps>) {
    super(deps.client ?? new InferenceClient());
    this.#deps = { hidden: pageHidden, confirm: confirmDownload, keep: keepForOffline, ...deps };
    if (typeof document !== 'undefined') {
      document.addEventListener('visibilitychange', () => {
        if (this.#deps.hidden() && this.running) this.#hiddenDuringRun = true;
      });
    }
  }

  get result(): RunResult | null {
    return this.#result;
  }

  /** The last profiled run's onnxruntime trace (Chrome trace JSON), when it had one. */
  get trace(): string | null {
    return this.#trace;
  }

  /** Results of a language sweep, one per language, in LANGUAGES order. */
  get sweep(): RunResult[] {
    return this.#sweep;
  }

  /** What the worker said of itself on the last run (threads, isolation, timer). */
  get probe(): WorkerProbe | null {
    return this.#probe;
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
    const catalog = this.#deps.catalog();
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
    await this.session(async (client, report) => {
      this.#result = await this.measure(client, report, plan, '');
    });
  }

  /** Runs the plan once per bundled language, so their costs can be compared on the same model and device. */
  async sweepLanguages(): Promise<void> {
    const plan = $state.snapshot(this.plan) as RunPlan;
    const refusal = this.noTokenizerReason;
    await this.session(async (client, report) => {
      if (refusal) throw new PlanError(refusal);
      const results: RunResult[] = [];
      for (const [i, language] of LANGUAGES.entries()) {
        const prefix = `${language} (${i + 1}/${LANGUAGES.length}) · `;
        const result = await this.measure(client, report, { ...plan, language }, prefix);
        results.push(result);
        this.#sweep = [...results];
        this.#result = result;
      }
    });
  }

  /** One or more measurements as one task, on a page that has been probed; the last result and sweep are cleared. */
  private async session(body: (client: InferenceClient, report: (p: ProgressView) => void) => Promise<void>): Promise<void> {
    if (this.running || !this.#deps.page()) return;
    this.#result = null;
    this.#trace = null;
    this.#sweep = [];
    this.#hiddenDuringRun = this.#deps.hidden();
    await this.runTask(async (client, report) => {
      report({ fraction: null, label: 'Starting the inference worker…' });
      await body(client, report);
    });
  }

  private async measure(
    client: InferenceClient,
    report: (p: ProgressView) => void,
    asked: RunPlan,
    labelPrefix: string,
  ): Promise<RunResult> {
    const page = this.#deps.page() as PageEnvironment;
    const catalog = this.#deps.catalog();
    const startedAt = Date.now();
    // A share link may name a generator without its settings: the plan that runs (and is recorded) is the fitted one.
    const plan = planForTask(asked, taskOf(asked, catalog));
    // Without a tokenizer the inputs are the same synthetic ids whatever the language: the result says 'mixed'.
    if (!hasTokenizer(plan)) plan.language = 'mixed';
    const model = resolveModel(plan, catalog);
    const { probe } = await client.ready(plan.threads, plan.backend);
    this.#probe = probe;
    const tooLarge = model.size ? tooLargeReason(model.size, plan.backend, page.deviceMemoryGb) : null;
    if (tooLarge) throw new ModelTooLargeError(`${model.id} ${model.variant} would not fit: ${tooLarge}`);
    if (!this.#deps.confirm(model.bytes))
      throw new DownloadDeclinedError('download cancelled: the connection looks metered or slow');
    const location = modelLocation(model, plan.runtime);
    const source = await this.modelSource(plan, model, location);
    const tokenizer = tokenizerLocation(plan, model, plan.runtime);
    const recorder = plan.endurance
      ? new EnduranceRecorder((label) => report({ fraction: null, label: labelPrefix + label }))
      : null;
    const output = await client
      .benchmark(
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
          endurance: plan.endurance ?? null,
          profile: plan.profile ?? false,
        },
        (p) => {
          const view = progressView(p);
          report({ ...view, label: labelPrefix + view.label });
          // Between two timed visits: the worker waits until the page has painted this, so nothing overlaps a visit.
          if (p.phase === 'protocol') return settled();
          // The worker waits for the wake lock, the battery's next step and the first readings before the series.
          if (p.phase === 'endurance-ready') return recorder?.start();
          if (p.phase === 'endurance') return recorder?.window(p.window) ?? true;
        },
      )
      // A failed or cancelled run lets go of the wake lock and the battery and pressure listeners.
      .catch(async (err: unknown) => {
        await recorder?.release();
        throw err;
      });
    const energy = recorder ? await recorder.finish(output.endurance?.ended === 'stopped', this.#wattHoursEntry()) : null;
    this.#deps.keep(output.loadedUrls);
    this.#trace = output.profile && 'trace' in output.profile ? output.profile.trace : null;
    const backgrounded = this.#hiddenDuringRun;
    return buildRunResult({
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
      energy,
    });
  }

  #wattHoursEntry(): { value: number; source: string } | null {
    const wh = this.wattHours;
    return wh !== null && wh >= 0.1 && wh <= 1000 ? { value: wh, source: 'typed in on this page' } : null;
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
}

/** Catalog models and Hub-layout URLs come with a tokenizer; files and other URLs do not. */
function hasTokenizer(plan: Pick<RunPlan, 'model'>): boolean {
  return plan.model.kind === 'catalog' || (plan.model.kind === 'url' && hubRepoOf(plan.model.url) !== null);
}
