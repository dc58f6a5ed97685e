// State of the tier page on the main thread: assumptions for the current run, crowd curves for its model, the
// measured split points, and the server scenario.
import { maxRateWithin, simulateServer, type ServerRun } from '../../bench/tiers/server-scenario.ts';
import type { WireDtype } from '../../bench/tiers/split.ts';
import { computeMs, NETWORK_PROFILES, type LatencyCurve, type Tier } from '../../bench/tiers/tier-model.ts';
import type { Catalog } from '../../shared/catalog.ts';
import { describeError, PlanError } from '../../shared/errors.ts';
import type { RunResult } from '../../shared/run-result.ts';
import type { SplitOutput } from '../../shared/contracts/tiers.ts';
import { resolveModel, tokenizerLocation } from '../core/catalog-client.ts';
import { Task } from '../core/task.svelte.ts';
import { InferenceClient } from '../core/inference-client.ts';
import { aggregates } from '../submit/results-client.ts';
import { keyId, keyLabel, keyOf } from '../../shared/comparability.ts';
import { crowdCurves, defaultAssumptions, type NetworkKey, type TierAssumptions } from '../../bench/tiers/tier-setup.ts';
import type { TaskStatus } from '../core/task-status.ts';

export interface ServerPlan {
  ratePerS: number;
  maxBatch: number;
  windowMs: number;
  boundMs: number;
}

/** What the controller reaches outside itself; tests give fakes. */
export interface TierDeps {
  client: InferenceClient;
  /** Crowd aggregates from the results service. */
  crowd: typeof aggregates;
}

export class TierController extends Task<InferenceClient> {
  assumptions = $state<TierAssumptions | null>(null);
  splitDtype = $state<WireDtype>('fp16');
  server = $state<ServerPlan>({ ratePerS: 50, maxBatch: 8, windowMs: 5, boundMs: 100 });
  #crowd = $state.raw<ReturnType<typeof crowdCurves>>([]);
  #crowdNote = $state('');
  #split = $state.raw<SplitOutput | null>(null);
  #serverResult = $state.raw<{ at: ServerRun; best: ServerRun | null } | null>(null);
  #resultId: string | null = null;
  readonly #crowdSource: typeof aggregates;

  constructor(deps: Partial<TierDeps> = {}) {
    super(deps.client ?? new InferenceClient());
    this.#crowdSource = deps.crowd ?? aggregates;
  }

  get crowd(): ReturnType<typeof crowdCurves> {
    return this.#crowd;
  }

  get crowdNote(): string {
    return this.#crowdNote;
  }

  get split(): SplitOutput | null {
    return this.#split;
  }

  get serverResult(): { at: ServerRun; best: ServerRun | null } | null {
    return this.#serverResult;
  }

  /** The split measurement's state: a cancelled one reads as not started. */
  get splitStatus(): Exclude<TaskStatus, 'cancelled'> {
    return this.status === 'cancelled' ? 'idle' : this.status;
  }

  get splitError(): string | null {
    return this.error?.message ?? null;
  }

  /** What the split measurement is doing now, while it runs. */
  get splitStep(): string {
    return this.running ? this.progress.label : '';
  }

  /** Resets the assumptions when `result` is a new run, and asks the results service for crowd curves. */
  follow(result: RunResult): void {
    if (this.#resultId === result.id) return;
    this.#resultId = result.id;
    this.assumptions = defaultAssumptions(result);
    this.#split = null;
    this.resetTask();
    this.#serverResult = null;
    this.#crowd = [];
    this.#crowdNote = 'asking the results service for crowd curves…';
    // The crowd of exactly this run's work: same model, variant, runtime, backend, sequence, padding, language, inputs.
    this.#crowdSource({ key: keyId(keyOf(result)) })
      .then((rows) => {
        this.#crowd = crowdCurves(rows);
        this.#crowdNote = this.#crowd.length ? '' : `no crowd results yet for this run's work (${keyLabel(keyOf(result))})`;
      })
      .catch((err: unknown) => (this.#crowdNote = `crowd curves unavailable: ${describeError(err).message}`));
  }

  setNetwork(key: NetworkKey): void {
    if (!this.assumptions) return;
    this.assumptions.networkKey = key;
    this.assumptions.network = { ...NETWORK_PROFILES[key] };
  }

  /** Simulates the edge tier serving Poisson traffic with the batching policy, and finds the highest rate within the bound. */
  runServer(edge: Tier, curve: LatencyCurve): void {
    const p = $state.snapshot(this.server) as ServerPlan;
    const service = (b: number) => computeMs(edge, curve, b);
    const policy = { maxBatch: p.maxBatch, windowMs: p.windowMs };
    this.#serverResult = { at: simulateServer(p.ratePerS, policy, service), best: maxRateWithin(p.boundMs, policy, service) };
  }

  /**
   * Cuts the run's model at each layer boundary, checks each cut and times each head here (onnxruntime-web
   * classifiers: catalog entries, URLs, or `file`, the ONNX file the run was made from on this device).
   */
  async measureSplit(result: RunResult, catalog: Catalog | null, file: File | null): Promise<void> {
    await this.runTask(async (client, report) => {
      const refusal = splitRefusal(result, file);
      if (refusal) throw new PlanError(refusal);
      const model = resolveModel(result.plan, catalog);
      const source = model.url
        ? { url: model.url }
        : file
          ? { bytes: new Uint8Array(await file.arrayBuffer()), name: file.name }
          : null;
      if (!source) throw new PlanError(`${model.id} has no file to cut`);
      const a = this.assumptions;
      await client.ready(result.plan.threads, result.environment.executionProvider);
      this.#split = await client.splits(
        {
          file: source,
          label: model.id,
          backend: result.environment.executionProvider,
          batch: a?.batch ?? 1,
          seq: result.plan.seq,
          tokenizer: tokenizerLocation(result.plan, model, 'onnxruntime-web'),
          protocol: { ...result.plan.protocol, targetRelCi: Math.max(0.1, result.plan.protocol.targetRelCi), maxTimeMs: 3000 },
        },
        (p) =>
          report({
            fraction: p.phase === 'download' ? null : p.done / p.total,
            label: p.phase === 'download' ? 'downloading the model…' : `${p.what} (${p.done}/${p.total})`,
          }),
      );
    });
  }
}

/** Why this run's model cannot be split here (shown on the disabled button), or null when it can. */
export function splitRefusal(result: RunResult, file: File | null): string | null {
  if (result.plan.runtime !== 'onnxruntime-web')
    return 'split execution cuts ONNX files run on onnxruntime-web: run the model with that runtime first';
  if (result.plan.generation) return 'split execution cuts encoders; this run was a generator';
  if (result.plan.model.kind === 'file' && (!file || file.name !== result.plan.model.name))
    return `the file ${result.plan.model.name} is no longer loaded: drop it on the Benchmark page again`;
  return null;
}
