// The sandbox check as a Task (main thread): every oracle case (canonical solutions must pass, wrong ones fail, the
// looping one time out), then every containment case (hostile programs must be refused, crash or fail alone).
import { jsContainmentCases } from '../../bench/code-eval/js-containment.ts';
import { luaContainmentCases } from '../../bench/code-eval/lua-containment.ts';
import {
  containmentCases,
  containmentVerdict,
  type ContainmentCase,
  type ContainmentTargets,
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
import { outputFails, programFor, type CodeLanguage, type CodeProblem } from '../../shared/code-problems/code-problems.ts';
import type { Cancellable } from '../core/run-session.ts';
import { Task } from '../core/task.svelte.ts';
import type { ProgressView } from '../ui/run-progress.ts';
import { runtimeName, type CodeEvalSession, type Sandbox } from './code-eval-session.svelte.ts';

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

/** The containment cases for a language's runtime. */
export function containmentCasesFor(language: CodeLanguage, targets: ContainmentTargets): ContainmentCase[] {
  if (language === 'python') return containmentCases(targets);
  return language === 'lua' ? luaContainmentCases() : jsContainmentCases(targets, language);
}

export type ContainmentRow = ContainmentResult & { title: string; message: string | null; ms: number };

/** Where the containment check's escape attempts aim: the page query's `canary`, else this site's canary path. */
export function canaryOf(location: Pick<Location, 'search' | 'origin'>): string {
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- read once, not reactive state
  return new URLSearchParams(location.search).get('canary') ?? `${location.origin}/sandbox-canary/`;
}

export class SandboxCheckController extends Task<Cancellable> {
  /** Also run the case that really exhausts memory (up to 4 GB in one interpreter). */
  includeHeavy = $state(false);
  #oracle = $state.raw<CaseResult[]>([]);
  #verdict = $state.raw<OracleVerdict | null>(null);
  /** The last oracle verdict of each problem set checked this session (pass@k records the one of each set it scores). */
  #verdicts = $state.raw<Readonly<Record<string, OracleVerdict>>>({});
  #containment = $state.raw<ContainmentRow[]>([]);
  #containmentResult = $state.raw<ContainmentVerdict | null>(null);
  /** Where the containment check's escape attempts aim. */
  readonly canary: string;
  readonly #session: CodeEvalSession;
  readonly #appOrigin: string;
  /** The sandbox the running check uses (the set's language when it started). */
  readonly #active: { sandbox: Sandbox | null };

  /** `canary`: where escape attempts aim; `appOrigin`: this site, which programs must not reach either. */
  constructor(session: CodeEvalSession, canary = canaryOf(window.location), appOrigin = window.location.origin) {
    const active: { sandbox: Sandbox | null } = { sandbox: null };
    // A failed check stops the sandbox: a broken frame is not reused.
    super({ cancel: () => active.sandbox?.terminate() });
    this.#active = active;
    this.#session = session;
    this.canary = canary;
    this.#appOrigin = appOrigin;
  }

  get oracle(): CaseResult[] {
    return this.#oracle;
  }

  get verdict(): OracleVerdict | null {
    return this.#verdict;
  }

  /** The last oracle verdict of a problem set this session, if it was checked. */
  verdictFor(problemSetId: string): OracleVerdict | null {
    return this.#verdicts[problemSetId] ?? null;
  }

  get containment(): ContainmentRow[] {
    return this.#containment;
  }

  get containmentResult(): ContainmentVerdict | null {
    return this.#containmentResult;
  }

  /** What the check is doing now, while it runs. */
  get step(): string {
    return this.running ? this.progress.label : '';
  }

  /** Runs the oracle cases, then the containment cases, in fresh interpreters under the calibrated limit. */
  async check(): Promise<void> {
    if (this.running) return;
    this.#oracle = [];
    this.#verdict = null;
    this.#containment = [];
    this.#containmentResult = null;
    await this.runTask(async (_frame, report) => {
      const say = (label: string) => report({ fraction: null, label });
      say('Reading the problems…');
      const setId = this.#session.problemSetId;
      const problems = await this.#session.problems((done, total) => say(`Reading the problems: page ${done}/${total}`));
      const language = this.#session.language;
      this.#active.sandbox = this.#session.sandbox;
      say(`Loading ${runtimeName(language)} from this site and measuring its speed on this device…`);
      const { limitMs } = await this.#session.prepare();
      await this.#checkOracle(this.#active.sandbox, problems, limitMs, report);
      if (this.#verdict) this.#verdicts = { ...this.#verdicts, [setId]: this.#verdict };
      await this.#checkContainment(this.#active.sandbox, language, limitMs, report);
    });
  }

  async #checkOracle(
    sandbox: Sandbox,
    problems: readonly CodeProblem[],
    limitMs: number,
    report: (p: ProgressView) => void,
  ): Promise<void> {
    const limit = `${(limitMs / 1000).toFixed(1)} s`;
    const cases = oracleCases(problems);
    const results: CaseResult[] = [];
    for (const [i, c] of cases.entries()) {
      const waiting = c.kind === 'looping' ? `: waiting for the ${limit} limit` : '';
      report({ fraction: null, label: `${c.problem.taskId}, ${c.kind} solution (${i + 1}/${cases.length})${waiting}` });
      const r = await sandbox.run(programFor(c.problem, c.completion), limitMs, false, outputFails(c.problem));
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
      this.#oracle = [...results];
      this.#session.countInterpreters();
    }
    this.#verdict = oracleVerdict(results);
  }

  async #checkContainment(
    sandbox: Sandbox,
    language: CodeLanguage,
    limitMs: number,
    report: (p: ProgressView) => void,
  ): Promise<void> {
    const cases = containmentCasesFor(language, { canary: this.canary, appOrigin: this.#appOrigin }).filter(
      (c) => this.includeHeavy || !c.heavy,
    );
    const rows: ContainmentRow[] = [];
    for (const [i, c] of cases.entries()) {
      for (const [j, s] of c.steps.entries()) {
        report({
          fraction: null,
          label: `Containment: ${c.title} (${i + 1}/${cases.length}, program ${j + 1}/${c.steps.length})`,
        });
        const r = await sandbox.run(s.program, Math.max(limitMs, (c.minLimitS ?? 0) * 1000), false, s.outputFails === true);
        rows.push({
          caseId: c.id,
          step: j,
          expect: s.expect,
          outcome: r.outcome,
          title: c.title,
          message: r.errorType
            ? r.message?.startsWith(`${r.errorType}: `)
              ? r.message
              : `${r.errorType}: ${r.message ?? ''}`
            : (r.message ?? r.stdout.trim().split('\n').at(-1) ?? null),
          ms: r.ms,
        });
        this.#containment = [...rows];
        this.#session.countInterpreters();
      }
    }
    this.#containmentResult = containmentVerdict(rows);
  }
}
