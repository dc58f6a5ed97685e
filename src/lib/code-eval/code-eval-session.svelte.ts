// What the sandbox check and pass@k share on the main thread: the problem set and its last load, the Python sandbox
// that runs every program, and this device's calibrated time limit.
import { REFERENCE_LIMIT_S, type TimeCalibration } from '../../bench/code-eval/time-limit.ts';
import type { CodeProblem } from '../../shared/code-problems/code-problems.ts';
import type { SandboxInfo } from '../../shared/contracts/sandbox.ts';
import { loadProblems } from './problem-client.ts';
import { PythonSandbox } from './python-sandbox-client.ts';

/** The part of the sandbox client the controllers use; tests give a fake. */
export type Sandbox = Pick<PythonSandbox, 'ready' | 'calibrate' | 'run' | 'terminate' | 'interpreters'>;

/** What the session reaches outside itself; tests give fakes. */
export interface CodeEvalDeps {
  sandbox: Sandbox;
  loadProblems: typeof loadProblems;
}

export class CodeEvalSession {
  /** The problem set both the oracle check and pass@k use (see src/shared/problem-sets.ts). */
  problemSetId = $state('bundled');
  /** Seconds a program may run at the reference speed (CPython); each device gets this times its calibrated factor. */
  timeLimitS = $state(REFERENCE_LIMIT_S);
  #problemInfo = $state<string | null>(null);
  #calibration = $state.raw<TimeCalibration | null>(null);
  #info = $state.raw<SandboxInfo | null>(null);
  #interpreters = $state(0);
  readonly sandbox: Sandbox;
  readonly #load: typeof loadProblems;

  constructor(deps: Partial<CodeEvalDeps> = {}) {
    this.sandbox = deps.sandbox ?? new PythonSandbox();
    this.#load = deps.loadProblems ?? loadProblems;
  }

  /** What the last load of the problem set gave. */
  get problemInfo(): string | null {
    return this.#problemInfo;
  }

  /** This session's calibration of the device's Python speed, with the limit it gives. */
  get calibration(): TimeCalibration | null {
    return this.#calibration;
  }

  /** Pyodide's versions and start-up costs, once the sandbox has started. */
  get info(): SandboxInfo | null {
    return this.#info;
  }

  /** Fresh interpreters started this session (one per program, plus the spares booted ahead). */
  get interpreters(): number {
    return this.#interpreters;
  }

  /** Starts the sandbox and calibrates the time limit to this device; the limit in ms each program gets. */
  async prepare(): Promise<{ info: SandboxInfo; limitMs: number; calibration: TimeCalibration }> {
    const info = await this.sandbox.ready();
    this.#info = info;
    const calibration = await this.sandbox.calibrate(this.timeLimitS);
    this.#calibration = calibration;
    this.countInterpreters();
    return { info, limitMs: calibration.effectiveLimitS * 1000, calibration };
  }

  /** Loads the chosen problem set and says what it gave. */
  async problems(onProgress: (done: number, total: number) => void): Promise<readonly CodeProblem[]> {
    const loaded = await this.#load(this.problemSetId, onProgress);
    this.#problemInfo = `${loaded.problems.length} problems from ${loaded.entry.name}${loaded.skipped ? `, ${loaded.skipped} rows skipped` : ''}`;
    return loaded.problems;
  }

  /** Takes the sandbox's count of the interpreters it has started. */
  countInterpreters(): void {
    this.#interpreters = this.sandbox.interpreters;
  }
}
