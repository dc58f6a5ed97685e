// pass@k of a generator as a Task (main thread): for one or several problem sets (languages), sample completions of
// every problem on the inference worker in one load of the generator, prompts interleaved across sets, run each in a
// fresh interpreter of its set's language's sandbox under that language's calibrated limit, and keep the run with
// what made it, per set and pooled.
import {
  comparePassK,
  PASSK_SCHEMA_VERSION,
  summarizePassK,
  type PassKRun,
  type PassKSetRun,
  type ProblemOutcome,
} from '../../bench/code-eval/passk-run.ts';
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
import type { Completions } from '../../shared/contracts/completion.ts';
import type { ProblemSetEntry } from '../../shared/problem-sets.ts';
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
  /** The problem sets to score, in order; empty: the page's chosen set. */
  problemSetIds: string[];
}

/** Most problem sets one run scores. */
export const MAX_PASSK_SETS = 8;

export const DEFAULT_PASSK_PLAN: PassKPlan = {
  modelId: 'tierlab/tiny-code-decoder',
  dtype: 'q4',
  backend: 'wasm',
  samples: 5,
  temperature: 0.8,
  topK: 50,
  maxNewTokens: 48,
  problemSetIds: [],
};

/** What the controller reaches outside itself; tests give fakes. */
export interface PassKDeps {
  page: () => PageEnvironment | null;
  catalog: () => Catalog | null;
  /** The sandbox check's last oracle verdict of a problem set this session, recorded with the run. */
  oracle: (problemSetId: string) => OracleVerdict | null;
  client: InferenceClient;
}

export class PassKController extends Task<InferenceClient> {
  plan = $state<PassKPlan>({ ...DEFAULT_PASSK_PLAN });
  #result = $state.raw<PassKRun | null>(null);
  readonly #session: CodeEvalSession;
  readonly #deps: Omit<PassKDeps, 'client'>;
  /** The sandbox the running pass@k is using now. */
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

  /** The sets a run would score: the plan's, else the page's chosen one. */
  get setIds(): string[] {
    return this.plan.problemSetIds.length ? this.plan.problemSetIds : [this.#session.problemSetId];
  }

  /** Adds a problem set to the run, or takes it out (the last one left falls back to the page's chosen set). */
  toggleSet(id: string): void {
    const now = this.setIds;
    this.plan.problemSetIds = now.includes(id) ? now.filter((x) => x !== id) : [...now, id];
  }

  /** Samples completions of every problem of every chosen set from the generator and runs each in its sandbox. */
  async run(): Promise<void> {
    const page = this.#deps.page();
    if (this.running || !page) return;
    const plan = $state.snapshot(this.plan) as PassKPlan;
    const setIds = this.setIds.filter((x, i, all) => all.indexOf(x) === i);
    this.#result = null;
    await this.runTask(async (client, report) => {
      let fraction: number | null = null;
      const say = (label: string, f: number | null = fraction) => report({ fraction: (fraction = f), label });
      if (plan.samples < 1 || plan.samples > 50) throw new PlanError('samples per problem must be between 1 and 50');
      if (setIds.length > MAX_PASSK_SETS) throw new PlanError(`at most ${MAX_PASSK_SETS} problem sets in one run`);
      const model = resolveModel(
        { model: { kind: 'catalog', id: plan.modelId, dtype: plan.dtype }, runtime: 'transformers.js' },
        this.#deps.catalog(),
      );
      const location = modelLocation(model, 'transformers.js');
      if (!location || model.entry?.task !== 'text-generation')
        throw new PlanError(`${plan.modelId} is not a generator in the catalog`);
      const sets: LoadedSet[] = [];
      for (const [i, id] of setIds.entries()) {
        const where = setIds.length > 1 ? ` (set ${i + 1}/${setIds.length})` : '';
        sets.push(
          await this.#session.problemsOf(id, (done, total) => say(`Reading the problems${where}: page ${done}/${total}`)),
        );
      }
      const order = interleave(sets.map((s) => s.problems.length));
      const { probe } = await client.ready(0, plan.backend);
      say('Loading the generator…');
      const output = await client.complete(
        {
          location,
          dtype: plan.dtype,
          backend: plan.backend,
          prompts: order.map(([s, p]) => promptOf(problemAt(sets, s, p))),
          sampling: { samples: plan.samples, maxNewTokens: plan.maxNewTokens, temperature: plan.temperature, topK: plan.topK },
          stopStrings: order.map(([s, p]) => stopStringsOf(problemAt(sets, s, p))),
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
      const sampled = sets.map((s) => new Array<Completions>(s.problems.length));
      for (const [i, [s, p]] of order.entries()) {
        const c = output.perPrompt[i];
        if (!c) throw new InferenceError(`no completions came back for ${problemAt(sets, s, p).taskId}`);
        (sampled[s] as Completions[])[p] = c;
      }
      const total = order.length * plan.samples;
      let done = 0;
      const scored: { set: PassKSetRun; outcomes: ProblemOutcome[] }[] = [];
      for (const [i, set] of sets.entries()) {
        const language = set.entry.language;
        const sandbox = (this.#active = this.#session.sandboxFor(language));
        say(`Loading ${runtimeName(language)} and measuring its speed on this device…`);
        const { info, limitMs, calibration } = await this.#session.prepare(language);
        const outcomes = await this.#runAll(set, sampled[i] as Completions[], limitMs, (label) =>
          say(label, 0.5 + done++ / total / 2),
        );
        say(`Re-checking ${runtimeName(language)}'s speed on this device after the set…`);
        const recheck = await this.#session.recheck(language);
        this.#session.countInterpreters();
        scored.push({
          outcomes,
          set: {
            problemSet: { id: set.entry.id, name: set.entry.name, format: set.entry.format, language },
            sandbox: { ...info, isolation: 'fresh-interpreter-per-program', interpreters: sandbox.interpreters },
            timeLimit: calibration,
            recheck,
            oracle: this.#deps.oracle(set.entry.id),
            summary: summarizePassK(outcomes),
          },
        });
      }
      const problems = scored.flatMap((s) => s.outcomes);
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
          stopStrings: sets
            .flatMap((s) => s.problems.flatMap(stopStringsOf))
            .filter((x, i, all) => all.indexOf(x) === i)
            .sort(),
          order: 'interleaved',
        },
        sets: scored.map((s) => s.set),
        problems,
        summary: summarizePassK(problems),
        comparisons: comparePassK(scored.map((s) => s.set)),
      };
    });
  }

  /** Runs every sampled completion of one set's problems in its language's sandbox; `step` before each program. */
  async #runAll(
    set: LoadedSet,
    sampled: readonly Completions[],
    limitMs: number,
    step: (label: string) => void,
  ): Promise<ProblemOutcome[]> {
    const sandbox = this.#session.sandboxFor(set.entry.language);
    const outcomes: ProblemOutcome[] = [];
    for (const [i, problem] of set.problems.entries()) {
      const texts = sampled[i] as Completions;
      const samples = [];
      for (const [j, text] of texts.texts.entries()) {
        step(`Running ${problem.taskId}, sample ${j + 1}/${texts.texts.length} in ${runtimeName(set.entry.language)}`);
        const completion = completionFor(problem, text);
        const r = await sandbox.run(programFor(problem, completion), limitMs, false, outputFails(problem));
        samples.push({
          completion,
          newTokens: texts.newTokens[j] ?? 0,
          outcome: r.outcome,
          errorType: r.errorType,
          message: r.message,
          sandboxMs: r.ms,
        });
      }
      outcomes.push({
        problemSet: set.entry.id,
        taskId: problem.taskId,
        format: problem.format,
        language: languageOf(problem),
        generateMs: texts.ms,
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

interface LoadedSet {
  entry: ProblemSetEntry;
  problems: readonly CodeProblem[];
}

function problemAt(sets: readonly LoadedSet[], set: number, problem: number): CodeProblem {
  const p = sets[set]?.problems[problem];
  if (!p) throw new Error(`no problem ${problem} in set ${set}`);
  return p;
}

/** [set, problem] pairs round-robin over sets of these sizes: the first problem of each set, then the second, … */
export function interleave(sizes: readonly number[]): [number, number][] {
  const out: [number, number][] = [];
  const longest = Math.max(0, ...sizes);
  for (let p = 0; p < longest; p++) for (const [s, n] of sizes.entries()) if (p < n) out.push([s, p]);
  return out;
}
