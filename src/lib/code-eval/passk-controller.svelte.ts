// pass@k of a generator as a Task (main thread): sample completions of every problem on the inference worker, run
// each in a fresh interpreter of the set's language's sandbox under the calibrated limit, and keep the run with what made it.
import { PASSK_SCHEMA_VERSION, summarizePassK, type PassKRun, type ProblemOutcome } from '../../bench/code-eval/passk-run.ts';
import type { OracleVerdict } from '../../bench/code-eval/sandbox-oracle.ts';
import type { Catalog, Dtype } from '../../shared/catalog.ts';
import {
  completionFor,
  stopStringsOf,
  languageOf,
  outputFails,
  programFor,
  promptOf,
  type CodeProblem,
} from '../../shared/code-problems/code-problems.ts';
import type { CompletionOutput } from '../../shared/contracts/completion.ts';
import { CancelledError, InferenceError, PlanError } from '../../shared/errors.ts';
import type { Backend } from '../../shared/run-plan.ts';
import { modelLocation, resolveModel } from '../core/catalog-client.ts';
import { InferenceClient } from '../core/inference-client.ts';
import type { PageEnvironment } from '../core/page-environment.ts';
import { environmentOf } from '../core/result-builder.ts';
import { Task } from '../core/task.svelte.ts';
import { runtimeName, type CodeEvalSession, type Sandbox } from './code-eval-session.svelte.ts';

export interface PassKPlan {
  modelId: string;
  dtype: Dtype;
  backend: Backend;
  samples: number;
  temperature: number;
  topK: number;
  maxNewTokens: number;
}

export const DEFAULT_PASSK_PLAN: PassKPlan = {
  modelId: 'tierlab/tiny-code-decoder',
  dtype: 'q4',
  backend: 'wasm',
  samples: 5,
  temperature: 0.8,
  topK: 50,
  maxNewTokens: 48,
};

/** What the controller reaches outside itself; tests give fakes. */
export interface PassKDeps {
  page: () => PageEnvironment | null;
  catalog: () => Catalog | null;
  /** The sandbox check's oracle verdict, recorded with the run. */
  oracle: () => OracleVerdict | null;
  client: InferenceClient;
}

export class PassKController extends Task<InferenceClient> {
  plan = $state<PassKPlan>({ ...DEFAULT_PASSK_PLAN });
  #result = $state.raw<PassKRun | null>(null);
  readonly #session: CodeEvalSession;
  readonly #deps: Omit<PassKDeps, 'client'>;
  /** The sandbox the running pass@k uses (the set's language when it started). */
  #active: Sandbox | null = null;

  constructor(session: CodeEvalSession, deps: Omit<PassKDeps, 'client'> & Partial<PassKDeps>) {
    super(deps.client ?? new InferenceClient());
    this.#session = session;
    this.#deps = deps;
  }

  /** The last finished run. */
  get result(): PassKRun | null {
    return this.#result;
  }

  /** What the run is doing now, while it runs. */
  get step(): string {
    return this.running ? this.progress.label : '';
  }

  /** Samples completions of every problem from the chosen generator and runs each in the sandbox. */
  async run(): Promise<void> {
    const page = this.#deps.page();
    if (this.running || !page) return;
    const plan = $state.snapshot(this.plan) as PassKPlan;
    this.#result = null;
    await this.runTask(async (client, report) => {
      let fraction: number | null = null;
      const say = (label: string, f: number | null = fraction) => report({ fraction: (fraction = f), label });
      if (plan.samples < 1 || plan.samples > 50) throw new PlanError('samples per problem must be between 1 and 50');
      const model = resolveModel(
        { model: { kind: 'catalog', id: plan.modelId, dtype: plan.dtype }, runtime: 'transformers.js' },
        this.#deps.catalog(),
      );
      const location = modelLocation(model, 'transformers.js');
      if (!location || model.entry?.task !== 'text-generation')
        throw new PlanError(`${plan.modelId} is not a generator in the catalog`);
      const problems = await this.#session.problems((done, total) => say(`Reading the problems: page ${done}/${total}`));
      const { probe } = await client.ready(0, plan.backend);
      say('Loading the generator…');
      const output = await client.complete(
        {
          location,
          dtype: plan.dtype,
          backend: plan.backend,
          prompts: problems.map(promptOf),
          sampling: { samples: plan.samples, maxNewTokens: plan.maxNewTokens, temperature: plan.temperature, topK: plan.topK },
          stopStrings: problems.map(stopStringsOf),
        },
        (p) => {
          if (p.phase === 'generate')
            say(
              `Sampling ${plan.samples} completions per problem: ${p.done}/${p.total} problems`,
              p.total ? p.done / p.total / 2 : null,
            );
          else say(`Loading the generator (${p.files.filter((f) => f.done).length}/${p.files.length} files)`);
        },
      );
      const sandbox = this.#session.sandbox;
      this.#active = sandbox;
      say(`Loading ${runtimeName(this.#session.language)} and measuring its speed on this device…`);
      const { info, limitMs, calibration } = await this.#session.prepare();
      const outcomes = await this.#runAll(sandbox, problems, output, plan.samples, limitMs, say);
      this.#session.countInterpreters();
      this.#result = {
        schemaVersion: PASSK_SCHEMA_VERSION,
        kind: 'pass-at-k',
        id: crypto.randomUUID(),
        // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a timestamp string, not reactive state
        createdAt: new Date().toISOString(),
        appVersion: __APP_VERSION__,
        model: { id: model.id, variant: model.variant },
        environment: environmentOf(page, probe, output.runtime),
        sampling: {
          samples: plan.samples,
          maxNewTokens: plan.maxNewTokens,
          temperature: plan.temperature,
          topK: plan.topK,
          topP: 'not applied',
          seeded: false,
          stopStrings: problems
            .flatMap(stopStringsOf)
            .filter((x, i, all) => all.indexOf(x) === i)
            .sort(),
        },
        sandbox: { ...info, isolation: 'fresh-interpreter-per-program', interpreters: sandbox.interpreters },
        timeLimit: calibration,
        oracle: this.#deps.oracle(),
        problems: outcomes,
        summary: summarizePassK(outcomes),
      };
    });
  }

  /** Runs every sampled completion of every problem in the sandbox, the second half of the progress bar. */
  async #runAll(
    sandbox: Sandbox,
    problems: readonly CodeProblem[],
    output: CompletionOutput,
    samplesPer: number,
    limitMs: number,
    say: (label: string, fraction: number | null) => void,
  ): Promise<ProblemOutcome[]> {
    const outcomes: ProblemOutcome[] = [];
    const total = problems.length * samplesPer;
    for (const [i, problem] of problems.entries()) {
      const sampled = output.perPrompt[i];
      if (!sampled) throw new InferenceError(`no completions came back for ${problem.taskId}`);
      const samples = [];
      for (const [j, text] of sampled.texts.entries()) {
        say(
          `Running ${problem.taskId}, sample ${j + 1}/${sampled.texts.length} in the sandbox`,
          0.5 + (i * samplesPer + j) / total / 2,
        );
        const completion = completionFor(problem, text);
        const r = await sandbox.run(programFor(problem, completion), limitMs, false, outputFails(problem));
        samples.push({
          completion,
          newTokens: sampled.newTokens[j] ?? 0,
          outcome: r.outcome,
          errorType: r.errorType,
          message: r.message,
          sandboxMs: r.ms,
        });
      }
      outcomes.push({
        taskId: problem.taskId,
        format: problem.format,
        language: languageOf(problem),
        generateMs: sampled.ms,
        samples,
      });
    }
    return outcomes;
  }

  /** Stops the run: the inference worker and the sandbox are both stopped, and the run ends cancelled (not with the
   *  sandbox's 'stopped' error, whichever of the two it was waiting on). */
  override cancel(): void {
    if (!this.running) return;
    super.cancel();
    (this.#active ?? this.#session.sandbox).terminate(new CancelledError());
  }
}
