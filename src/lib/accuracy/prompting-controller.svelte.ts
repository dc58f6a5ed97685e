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
import { PlanError } from '../../shared/errors.ts';
import type { Backend } from '../../shared/run-plan.ts';
import type { Environment } from '../../shared/run-result.ts';
import { modelLocation, resolveModel } from '../core/catalog-client.ts';
import { loadDataset } from '../core/dataset-client.ts';
import { RunSession } from '../core/run-session.ts';
import { InferenceClient } from '../core/inference-client.ts';
import type { PageEnvironment } from '../core/page-environment.ts';
import { environmentOf } from '../core/result-builder.ts';
import type { TaskStatus } from '../core/task-status.ts';

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

export class PromptingController {
  plan = $state<PromptingPlan>({ modelId: 'tierlab/tiny-code-decoder', dtype: 'q4', shotsPerLabel: 1, maxNewTokens: 4 });
  status = $state<TaskStatus>('idle');
  step = $state('');
  result = $state.raw<PromptingResult | null>(null);
  error = $state.raw<{ name: string; message: string } | null>(null);
  private readonly runs = new RunSession(new InferenceClient());

  constructor(
    private readonly page: () => PageEnvironment | null,
    private readonly catalog: () => Catalog | null,
  ) {}

  async run(datasetId: string, backend: Backend): Promise<void> {
    const page = this.page();
    if (this.status === 'running' || !page) return;
    const plan = $state.snapshot(this.plan) as PromptingPlan;
    this.status = 'running';
    this.error = null;
    this.result = null;
    const outcome = await this.runs.run(async () => {
      const model = resolveModel(
        { model: { kind: 'catalog', id: plan.modelId, dtype: plan.dtype }, runtime: 'transformers.js' },
        this.catalog(),
      );
      const location = modelLocation(model, 'transformers.js');
      if (!location || model.entry?.task !== 'text-generation')
        throw new PlanError(`${plan.modelId} is not a generator in the catalog`);
      this.step = 'Reading the dataset…';
      const dataset = await loadDataset(datasetId);
      const labels = labelsOf(dataset.samples);
      const shots = plan.shotsPerLabel ? shotsFor(labels) : [];
      const { probe } = await this.runs.client.ready(0, backend);
      const output = await this.runs.client.complete(
        {
          location,
          dtype: plan.dtype,
          backend,
          prompts: dataset.samples.map((s) => classificationPrompt(s.text, labels, shots)),
          // Greedy and short: the answer is one word. Small models have small windows: keep the prompt's end.
          sampling: { samples: 1, maxNewTokens: plan.maxNewTokens, temperature: 0, topK: 0, maxPromptTokens: 448 },
        },
        (p) => {
          this.step = p.phase === 'generate' ? `Classifying by prompt: ${p.done}/${p.total} samples` : 'Loading the generator…';
        },
      );
      const answers = output.perPrompt.map((c) => c.texts[0] ?? '');
      const times = output.perPrompt.map((c) => c.ms);
      this.result = {
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
    this.step = '';
    this.status = outcome.status;
    if (outcome.status === 'error') this.error = outcome.error;
  }

  cancel(): void {
    if (this.status !== 'running') return;
    this.runs.cancel();
    this.status = 'cancelled';
  }
}
