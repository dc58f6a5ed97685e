// State of an operators-lab run on the main thread: builds the request (base model, its student, an extra file),
// runs it in the inference worker with progress and cancel, and turns what comes back into the lab's measures.
import { analyze } from '../../bench/analyze.ts';
import type { Catalog } from '../../shared/catalog.ts';
import { BUNDLED_LANGUAGE_ID } from '../../shared/datasets.ts';
import { describeError, PlanError } from '../../shared/errors.ts';
import { aggregates } from '../submit/results-client.ts';
import { crowdCurves, rowsOfOneKey } from '../../bench/tiers/tier-setup.ts';
import { keyLabel } from '../../shared/comparability.ts';
import { DEFAULT_PLAN, parseBatches } from '../../shared/run-plan.ts';
import type { LabelledSample } from '../../shared/datasets.ts';
import type { OperatorsOutput, OperatorsRequest } from '../../shared/contracts/operators.ts';
import type { PageEnvironment } from '../core/page-environment.ts';
import { modelLocation, resolveModel } from '../core/catalog-client.ts';
import { loadDataset } from '../core/dataset-client.ts';
import { InferenceClient } from '../core/inference-client.ts';
import { Task } from '../core/task.svelte.ts';
import { LAB_PROTOCOL, labProgress, studentOf } from './lab-request.ts';
import { DEFAULT_LAB_SETTINGS, labVariants, type LabSettings } from '../../bench/operators/lab-plan.ts';
import { labMeasures, type LabResult } from '../../bench/operators/lab-result.ts';
import { DEFAULT_LAB_TIERS, type CrowdCurve, type LabTierSettings } from '../../bench/operators/lab-tiers.ts';

/** What the controller reaches outside itself; tests give fakes. */
export interface LabDeps {
  client: InferenceClient;
  /** Crowd aggregates from the results service. */
  crowd: typeof aggregates;
  /** The labelled evaluation texts. */
  samples: () => Promise<readonly LabelledSample[]>;
}

const bundledSamples = async (): Promise<readonly LabelledSample[]> =>
  (await loadDataset(BUNDLED_LANGUAGE_ID.id, () => {})).samples;

export class OperatorsController extends Task<InferenceClient> {
  modelId = $state('tierlab/tiny-code-encoder');
  /** A model from this device instead of the catalog (no tokenizer: synthetic ids, agreement only). */
  file = $state.raw<File | null>(null);
  /** A further model compared as it is: a QAT export, say. */
  extra = $state.raw<File | null>(null);
  settings = $state<LabSettings>(structuredClone(DEFAULT_LAB_SETTINGS));
  batches = $state('1,2,4,8');
  seq = $state(64);
  budgetMs = $state(50);
  /** Profile each variant after the timing: which op types changed time against fp32. */
  profile = $state(false);
  /** Batch size the tiers are compared at. */
  tierBatch = $state(1);
  tiers = $state<LabTierSettings>({ ...DEFAULT_LAB_TIERS });
  readonly #deps: Omit<LabDeps, 'client'>;
  #result = $state.raw<LabResult | null>(null);
  /** Crowd curves of the base model's fp32 file on WASM, per device class: what the edge can be instead of a factor. */
  #crowd = $state.raw<CrowdCurve[]>([]);
  #crowdNote = $state('');

  constructor(
    private readonly page: () => PageEnvironment | null,
    private readonly catalog: () => Catalog | null,
    deps: Partial<LabDeps> = {},
  ) {
    super(deps.client ?? new InferenceClient());
    this.#deps = { crowd: deps.crowd ?? aggregates, samples: deps.samples ?? bundledSamples };
  }

  get result(): LabResult | null {
    return this.#result;
  }

  get crowd(): CrowdCurve[] {
    return this.#crowd;
  }

  get crowdNote(): string {
    return this.#crowdNote;
  }

  async start(): Promise<void> {
    const page = this.page();
    const catalog = this.catalog();
    if (this.running || !page || !catalog) return;
    this.#result = null;
    const outcome = await this.runTask(async (client, report) => {
      const batches = parseBatches(this.batches);
      const { request, entry, samples } = await this.request(catalog, batches);
      const { probe } = await client.ready(DEFAULT_PLAN.threads, request.backend);
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a timestamp string, not reactive state
      const startedAt = new Date().toISOString();
      const output: OperatorsOutput = await client.operators(request, (p) => report(labProgress(p)));
      this.#result = {
        startedAt,
        model: request.label,
        settings: $state.snapshot(this.settings) as LabSettings,
        probe,
        request: { backend: request.backend, batches, seq: request.seq, protocol: request.protocol },
        output,
        measures: labMeasures(output, samples, entry?.labels ?? null),
        analyses: Object.fromEntries(output.variants.flatMap((v) => (v.raw ? [[v.spec.id, analyze(v.raw)]] : []))),
      };
    });
    if (outcome?.status === 'done') await this.askCrowd();
  }

  /** Asks the results service for crowd curves of the base model (a catalog model: a file has no crowd). */
  private async askCrowd(): Promise<void> {
    this.#crowd = [];
    if (this.file) {
      this.#crowdNote = 'a model from a file has no crowd results: the edge is a factor of this device';
      return;
    }
    this.#crowdNote = 'asking the results service for crowd results of this model…';
    try {
      const rows = await this.#deps.crowd({ model: this.modelId, variant: 'fp32', backend: 'wasm' });
      // One comparability key only: the one with the most results (crowdCurves), named so the comparison is read right.
      this.#crowd = crowdCurves(rows);
      const work = rowsOfOneKey(rows)[0]?.work;
      this.#crowdNote = this.#crowd.length
        ? work
          ? `crowd: ${keyLabel(work)}`
          : ''
        : 'no crowd results for this model on WASM yet: the edge is a factor of this device';
    } catch (err) {
      this.#crowdNote = `crowd results unavailable (${describeError(err).message}): the edge is a factor of this device`;
    }
    if (this.tiers.edgeCrowd && !this.#crowd.some((c) => c.deviceClass === this.tiers.edgeCrowd)) this.tiers.edgeCrowd = null;
  }

  private async request(catalog: Catalog, batches: number[]) {
    const settings = $state.snapshot(this.settings) as LabSettings;
    const samples = await this.#deps.samples();
    const extra = this.extra ? { bytes: new Uint8Array(await this.extra.arrayBuffer()), name: this.extra.name } : null;
    const common = {
      backend: 'wasm' as const,
      batches,
      seq: this.seq,
      texts: samples.map((s) => s.text),
      protocol: LAB_PROTOCOL,
      extra,
      profile: this.profile,
    };
    if (this.file) {
      const request: OperatorsRequest = {
        ...common,
        base: { bytes: new Uint8Array(await this.file.arrayBuffer()), name: this.file.name },
        label: this.file.name,
        student: null,
        tokenizer: null,
        texts: [],
        variants: labVariants(settings, false, extra?.name ?? null),
      };
      return { request, entry: null, samples: [] as readonly LabelledSample[] };
    }
    const plan = {
      model: { kind: 'catalog' as const, id: this.modelId, dtype: 'fp32' as const },
      runtime: 'onnxruntime-web' as const,
    };
    const base = resolveModel(plan, catalog);
    const student = studentOf(catalog, this.modelId);
    const studentModel = student ? resolveModel({ ...plan, model: { ...plan.model, id: student.id } }, catalog) : null;
    if (!base.url) throw new PlanError(`${this.modelId} has no fp32 file`);
    const request: OperatorsRequest = {
      ...common,
      base: { url: base.url },
      label: this.modelId,
      student: studentModel?.url ? { url: studentModel.url } : null,
      tokenizer: modelLocation(base, 'onnxruntime-web'),
      variants: labVariants(settings, studentModel !== null, extra?.name ?? null),
    };
    return { request, entry: base.entry, samples };
  }
}
