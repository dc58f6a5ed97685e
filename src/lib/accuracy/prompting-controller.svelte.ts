// Encoder versus prompting on the main thread: a generator classifies the same samples through a zero- or few-shot
// prompt in the inference worker; its answers are parsed and scored like the encoder's.
import {
  classificationPrompt,
  labelsOf,
  scorePrompted,
  shotsFor,
  type PromptedScore,
} from '../../bench/accuracy/prompt-classify.ts';
import { median, quantile } from '../../bench/stats.ts';
import type { Catalog, Dtype } from '../../shared/catalog.ts';
import type { LabelledSample } from '../../shared/datasets.ts';
import { PlanError } from '../../shared/errors.ts';
import type { Backend } from '../../shared/run-plan.ts';
import type { Environment } from '../../shared/run-result.ts';
import { modelLocation, resolveModel } from '../core/catalog-client.ts';
import { loadDataset } from '../core/dataset-client.ts';
import { Task } from '../core/task.svelte.ts';
import { InferenceClient } from '../core/inference-client.ts';
import type { PageEnvironment } from '../core/page-environment.ts';
import { environmentOf } from '../core/result-builder.ts';

export interface PromptingPlan {
  modelId: string;
  dtype: Dtype;
  /** 0 for zero-shot; otherwise one answered example per label, from the benchmark snippets (not the evaluation set). */
  shotsPerLabel: 0 | 1;
  maxNewTokens: number;
}

export interface PromptingResult extends PromptedScore {
  modelId: string;
  variant: string;
  shots: number;
  datasetId: string;
  /** generate() per sample (one sample per call), ms. */
  medianMs: number;
  p90Ms: number;
  medianPromptTokens: number;
  bytes: number | null;
  environment: Environment;
  /** First answers, for a look at what the model said. */
  examples: { label: string; answer: string }[];
}

/** What the controller reaches outside itself; tests give fakes. */
export interface PromptingDeps {
  client: InferenceClient;
  /** Reads a labelled dataset by id. */
  dataset: (id: string) => Promise<{ samples: readonly LabelledSample[] }>;
}

export class PromptingController extends Task<InferenceClient> {
  plan = $state<PromptingPlan>({ modelId: 'tierlab/tiny-code-decoder', dtype: 'q4', shotsPerLabel: 1, maxNewTokens: 4 });
  #result = $state.raw<PromptingResult | null>(null);
  readonly #dataset: PromptingDeps['dataset'];

  constructor(
    private readonly page: () => PageEnvironment | null,
    private readonly catalog: () => Catalog | null,
    deps: Partial<PromptingDeps> = {},
  ) {
    super(deps.client ?? new InferenceClient());
    this.#dataset = deps.dataset ?? ((id) => loadDataset(id));
  }

  get result(): PromptingResult | null {
    return this.#result;
  }

  /** What the run is doing now, while it runs. */
  get step(): string {
    return this.running ? this.progress.label : '';
  }

  async run(datasetId: string, backend: Backend): Promise<void> {
    const page = this.page();
    if (this.running || !page) return;
    const plan = $state.snapshot(this.plan) as PromptingPlan;
    this.#result = null;
    await this.runTask(async (client, report) => {
      const model = resolveModel(
        { model: { kind: 'catalog', id: plan.modelId, dtype: plan.dtype }, runtime: 'transformers.js' },
        this.catalog(),
      );
      const location = modelLocation(model, 'transformers.js');
      if (!location || model.entry?.task !== 'text-generation')
        throw new PlanError(`${plan.modelId} is not a generator in the catalog`);
      report({ fraction: null, label: 'Reading the dataset…' });
      const dataset = await this.#dataset(datasetId);
      const labels = labelsOf(dataset.samples);
      const shots = plan.shotsPerLabel ? shotsFor(labels) : [];
      const { probe } = await client.ready(0, backend);
      const output = await client.complete(
        {
          location,
          dtype: plan.dtype,
          backend,
          prompts: dataset.samples.map((s) => classificationPrompt(s.text, labels, shots)),
          // Greedy and short: the answer is one word. Small models have small windows: keep the prompt's end.
          sampling: { samples: 1, maxNewTokens: plan.maxNewTokens, temperature: 0, topK: 0, maxPromptTokens: 448 },
        },
        (p) =>
          report(
            p.phase === 'generate'
              ? { fraction: p.done / p.total, label: `Classifying by prompt: ${p.done}/${p.total} samples` }
              : { fraction: null, label: 'Loading the generator…' },
          ),
      );
      const answers = output.perPrompt.map((c) => c.texts[0] ?? '');
      const times = output.perPrompt.map((c) => c.ms);
      this.#result = {
        ...scorePrompted(dataset.samples, answers, labels),
        modelId: model.id,
        variant: model.variant,
        shots: shots.length,
        datasetId,
        medianMs: median(times),
        p90Ms: quantile(times, 0.9),
        medianPromptTokens: median(output.perPrompt.map((c) => c.promptTokens)),
        bytes: model.bytes,
        environment: environmentOf(page, probe, output.runtime),
        examples: dataset.samples.slice(0, 5).map((s, i) => ({ label: s.label, answer: answers[i] ?? '' })),
      };
    });
  }
}
