// State of code-generation evaluation on the main thread: the sandbox's oracle check (and, next, pass@k of
// generators), running programs in the Python sandbox worker under a time limit.
import { oracleCases, oracleVerdict, type OracleKind, type OracleVerdict, type Outcome } from '../../bench/sandbox-oracle.ts';
import { programFor, type CodeProblem } from '../../shared/code-problems.ts';
import { BUNDLED_PROBLEMS } from '../../shared/code-problems/bundled-problems.ts';
import { describeError } from '../../shared/errors.ts';
import type { SandboxInfo } from '../../workers/sandbox/python-sandbox-api.ts';
import { PythonSandbox } from '../sandbox/python-sandbox-client.ts';

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
  /** Seconds a program may run before the sandbox worker is terminated. */
  timeLimitS = $state(3);
  status = $state<'idle' | 'running' | 'done' | 'error'>('idle');
  step = $state('');
  info = $state.raw<SandboxInfo | null>(null);
  oracle = $state.raw<CaseResult[]>([]);
  verdict = $state.raw<OracleVerdict | null>(null);
  error = $state<string | null>(null);
  /** Sandbox workers started (each timeout costs one restart). */
  starts = $state(0);

  private readonly sandbox = new PythonSandbox();

  /** Runs every oracle case: canonical solutions must pass, wrong ones fail, the looping one time out. */
  async checkSandbox(problems: readonly CodeProblem[] = BUNDLED_PROBLEMS): Promise<void> {
    if (this.status === 'running') return;
    this.status = 'running';
    this.error = null;
    this.oracle = [];
    this.verdict = null;
    try {
      this.step = 'Loading Python (Pyodide) from this site…';
      this.info = await this.sandbox.ready();
      const cases = oracleCases(problems);
      const results: CaseResult[] = [];
      for (const [i, c] of cases.entries()) {
        this.step = `${c.problem.taskId}, ${c.kind} solution (${i + 1}/${cases.length})${c.kind === 'looping' ? `: waiting for the ${this.timeLimitS} s limit` : ''}`;
        const r = await this.sandbox.run(programFor(c.problem, c.completion), this.timeLimitS * 1000);
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
        this.starts = this.sandbox.starts;
      }
      this.verdict = oracleVerdict(results);
      this.status = 'done';
    } catch (err) {
      this.error = describeError(err).message;
      this.status = 'error';
      this.sandbox.terminate();
    } finally {
      this.step = '';
    }
  }
}
