// State of code-generation evaluation on the main thread: the sandbox's oracle and containment checks and pass@k of
// generators, running every program in a fresh interpreter of the Python sandbox under a calibrated time limit.
import { PASSK_SCHEMA_VERSION, summarizePassK, type PassKRun, type ProblemOutcome } from '../../bench/code-eval/passk-run.ts';
import {
  containmentCases,
  containmentVerdict,
  type ContainmentResult,
  type ContainmentVerdict,
} from '../../bench/code-eval/sandbox-containment.ts';
import {
  oracleCases,
  oracleVerdict,
  type OracleKind,
  type OracleVerdict,
  type Outcome,
} from '../../bench/code-eval/sandbox-oracle.ts';
import { REFERENCE_LIMIT_S, type TimeCalibration } from '../../bench/code-eval/time-limit.ts';
import type { Catalog, Dtype } from '../../shared/catalog.ts';
import { completionFor, programFor, promptOf, type CodeProblem } from '../../shared/code-problems/code-problems.ts';
import { describeError, InferenceError, PlanError } from '../../shared/errors.ts';
import type { Backend } from '../../shared/run-plan.ts';
import type { SandboxInfo } from '../../shared/contracts/sandbox.ts';
import { modelLocation, resolveModel } from '../core/catalog-client.ts';
import { RunSession } from '../core/run-session.ts';
import { InferenceClient } from '../core/inference-client.ts';
import type { PageEnvironment } from '../core/page-environment.ts';
import { environmentOf } from '../core/result-builder.ts';
import { PythonSandbox } from './python-sandbox-client.ts';
import { loadProblems } from './problem-client.ts';
import type { TaskStatus } from '../core/task-status.ts';

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

export interface CaseResult {
  taskId: string;
  format: CodeProblem['format'];
  kind: OracleKind;
  expected: Outcome;
  outcome: Outcome;
  errorType: string | null;
  message: string | null;
  ms: number;
}

export class CodeEvalController {
  /** The problem set both the oracle check and pass@k use (see src/shared/problem-sets.ts). */
  problemSetId = $state('bundled');
  /** What the last load of the problem set gave. */
  problemInfo = $state<string | null>(null);
  /** Seconds a program may run at the reference speed (CPython); each device gets this times its calibrated factor. */
  timeLimitS = $state(REFERENCE_LIMIT_S);
  /** This session's calibration of the device's Python speed, with the limit it gives. */
  calibration = $state.raw<TimeCalibration | null>(null);
  /** Where the containment check's escape attempts aim (page query `canary`, else this site). */
  readonly canary: string;
  /** Also run the case that really exhausts memory (up to 4 GB in one interpreter). */
  includeHeavy = $state(false);
  containment = $state.raw<(ContainmentResult & { title: string; message: string | null; ms: number })[]>([]);
  containmentResult = $state.raw<ContainmentVerdict | null>(null);
  status = $state<Exclude<TaskStatus, 'cancelled'>>('idle');
  step = $state('');
  info = $state.raw<SandboxInfo | null>(null);
  oracle = $state.raw<CaseResult[]>([]);
  verdict = $state.raw<OracleVerdict | null>(null);
  error = $state<string | null>(null);
  /** Fresh interpreters started this session (one per program, plus the spares booted ahead). */
  interpreters = $state(0);

  passk = $state<PassKPlan>({ ...DEFAULT_PASSK_PLAN });
  passkStatus = $state<TaskStatus>('idle');
  passkStep = $state('');
  passkFraction = $state<number | null>(null);
  passkRun = $state.raw<PassKRun | null>(null);
  passkError = $state.raw<{ name: string; message: string } | null>(null);

  private readonly sandbox = new PythonSandbox();
  private readonly runs = new RunSession(new InferenceClient());

  constructor(
    private readonly page: () => PageEnvironment | null = () => null,
    private readonly catalog: () => Catalog | null = () => null,
  ) {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- read once, not reactive state
    this.canary = new URLSearchParams(window.location.search).get('canary') ?? `${window.location.origin}/sandbox-canary/`;
  }

  /** Starts the sandbox and calibrates the time limit to this device, once per session. */
  private async prepare(): Promise<{ info: SandboxInfo; limitMs: number }> {
    const info = await this.sandbox.ready();
    this.info = info;
    this.calibration = await this.sandbox.calibrate(this.timeLimitS);
    this.interpreters = this.sandbox.interpreters;
    return { info, limitMs: this.calibration.effectiveLimitS * 1000 };
  }

  /** Samples completions of every bundled problem from the chosen generator and runs each in the sandbox. */
  async runPassK(): Promise<void> {
    const page = this.page();
    if (this.passkStatus === 'running' || !page) return;
    const plan = $state.snapshot(this.passk) as PassKPlan;
    this.passkStatus = 'running';
    this.passkError = null;
    this.passkRun = null;
    const outcome = await this.runs.run(async () => {
      if (plan.samples < 1 || plan.samples > 50) throw new PlanError('samples per problem must be between 1 and 50');
      const model = resolveModel(
        { model: { kind: 'catalog', id: plan.modelId, dtype: plan.dtype }, runtime: 'transformers.js' },
        this.catalog(),
      );
      const location = modelLocation(model, 'transformers.js');
      if (!location || model.entry?.task !== 'text-generation')
        throw new PlanError(`${plan.modelId} is not a generator in the catalog`);
      const problems = await this.problems((done, total) => (this.passkStep = `Reading the problems: page ${done}/${total}`));
      const { probe } = await this.runs.client.ready(0, plan.backend);
      this.passkStep = 'Loading the generator…';
      const output = await this.runs.client.complete(
        {
          location,
          dtype: plan.dtype,
          backend: plan.backend,
          prompts: problems.map(promptOf),
          sampling: { samples: plan.samples, maxNewTokens: plan.maxNewTokens, temperature: plan.temperature, topK: plan.topK },
        },
        (p) => {
          if (p.phase === 'generate') {
            this.passkStep = `Sampling ${plan.samples} completions per problem: ${p.done}/${p.total} problems`;
            this.passkFraction = p.total ? p.done / p.total / 2 : null;
          } else this.passkStep = `Loading the generator (${p.files.filter((f) => f.done).length}/${p.files.length} files)`;
        },
      );
      this.passkStep = 'Loading Python (Pyodide) and measuring its speed on this device…';
      const { info, limitMs } = await this.prepare();
      const outcomes: ProblemOutcome[] = [];
      const total = problems.length * plan.samples;
      for (const [i, problem] of problems.entries()) {
        const sampled = output.perPrompt[i];
        if (!sampled) throw new InferenceError(`no completions came back for ${problem.taskId}`);
        const samples = [];
        for (const [j, text] of sampled.texts.entries()) {
          this.passkStep = `Running ${problem.taskId}, sample ${j + 1}/${sampled.texts.length} in the sandbox`;
          this.passkFraction = 0.5 + (i * plan.samples + j) / total / 2;
          const completion = completionFor(problem, text);
          const r = await this.sandbox.run(programFor(problem, completion), limitMs);
          samples.push({
            completion,
            newTokens: sampled.newTokens[j] ?? 0,
            outcome: r.outcome,
            errorType: r.errorType,
            message: r.message,
            sandboxMs: r.ms,
          });
        }
        outcomes.push({ taskId: problem.taskId, format: problem.format, generateMs: sampled.ms, samples });
      }
      this.interpreters = this.sandbox.interpreters;
      this.passkRun = {
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
        },
        sandbox: { ...info, isolation: 'fresh-interpreter-per-program', interpreters: this.sandbox.interpreters },
        timeLimit: this.calibration as TimeCalibration,
        oracle: this.verdict,
        problems: outcomes,
        summary: summarizePassK(outcomes),
      };
    });
    this.passkStep = '';
    this.passkStatus = outcome.status;
    if (outcome.status === 'error') this.passkError = outcome.error;
  }

  private async problems(onProgress: (done: number, total: number) => void): Promise<readonly CodeProblem[]> {
    const loaded = await loadProblems(this.problemSetId, onProgress);
    this.problemInfo = `${loaded.problems.length} problems from ${loaded.entry.name}${loaded.skipped ? `, ${loaded.skipped} rows skipped` : ''}`;
    return loaded.problems;
  }

  cancelPassK(): void {
    if (this.passkStatus !== 'running') return;
    this.runs.cancel();
    this.sandbox.terminate();
    this.passkStatus = 'cancelled';
  }

  /** Runs every oracle case (canonical solutions must pass, wrong ones fail, the looping one time out), then every
   *  containment case (hostile programs must be refused, crash or fail alone). */
  async checkSandbox(): Promise<void> {
    if (this.status === 'running') return;
    this.status = 'running';
    this.error = null;
    this.oracle = [];
    this.verdict = null;
    this.containment = [];
    this.containmentResult = null;
    try {
      this.step = 'Reading the problems…';
      const problems = await this.problems((done, total) => (this.step = `Reading the problems: page ${done}/${total}`));
      this.step = 'Loading Python (Pyodide) from this site and measuring its speed on this device…';
      const { limitMs } = await this.prepare();
      const limit = `${(limitMs / 1000).toFixed(1)} s`;
      const cases = oracleCases(problems);
      const results: CaseResult[] = [];
      for (const [i, c] of cases.entries()) {
        this.step = `${c.problem.taskId}, ${c.kind} solution (${i + 1}/${cases.length})${c.kind === 'looping' ? `: waiting for the ${limit} limit` : ''}`;
        const r = await this.sandbox.run(programFor(c.problem, c.completion), limitMs);
        results.push({
          taskId: c.problem.taskId,
          format: c.problem.format,
          kind: c.kind,
          expected: c.expected,
          outcome: r.outcome,
          errorType: r.errorType,
          message: r.message,
          ms: r.ms,
        });
        this.oracle = [...results];
        this.interpreters = this.sandbox.interpreters;
      }
      this.verdict = oracleVerdict(results);
      await this.checkContainment(limitMs);
      this.status = 'done';
    } catch (err) {
      this.error = describeError(err).message;
      this.status = 'error';
      this.sandbox.terminate();
    } finally {
      this.step = '';
    }
  }

  private async checkContainment(limitMs: number): Promise<void> {
    const cases = containmentCases({ canary: this.canary, appOrigin: window.location.origin }).filter(
      (c) => this.includeHeavy || !c.heavy,
    );
    const rows: (ContainmentResult & { title: string; message: string | null; ms: number })[] = [];
    for (const [i, c] of cases.entries()) {
      for (const [j, s] of c.steps.entries()) {
        this.step = `Containment: ${c.title} (${i + 1}/${cases.length}, program ${j + 1}/${c.steps.length})`;
        const r = await this.sandbox.run(s.program, Math.max(limitMs, (c.minLimitS ?? 0) * 1000));
        rows.push({
          caseId: c.id,
          step: j,
          expect: s.expect,
          outcome: r.outcome,
          title: c.title,
          message: r.errorType ? `${r.errorType}: ${r.message ?? ''}` : (r.stdout.trim().split('\n').at(-1) ?? null),
          ms: r.ms,
        });
        this.containment = [...rows];
        this.interpreters = this.sandbox.interpreters;
      }
    }
    this.containmentResult = containmentVerdict(rows);
  }
}
