// What the sandbox check and pass@k share on the main thread: the problem set and its last load, one sandbox per
// language (Python in Pyodide, JavaScript in QuickJS, TypeScript in QuickJS after sucrase, Lua in wasmoon) chosen by the set's language, and this device's calibrated time
// limit in each.
import {
  recheckCalibration,
  REFERENCE_LIMIT_S,
  type CalibrationRecheck,
  type TimeCalibration,
} from '../../bench/code-eval/time-limit.ts';
import { SandboxError } from '../../shared/errors.ts';
import type { CodeLanguage, CodeProblem } from '../../shared/code-problems/code-problems.ts';
import type { JsSandboxInfo, LuaSandboxInfo, SandboxInfo, SandboxRun } from '../../shared/contracts/sandbox.ts';
import { PROBLEM_SETS, type ProblemSetEntry } from '../../shared/problem-sets.ts';
import { JsSandbox, TsSandbox } from './js-sandbox-client.ts';
import { LuaSandbox } from './lua-sandbox-client.ts';
import { loadProblems } from './problem-client.ts';
import { PythonSandbox } from './python-sandbox-client.ts';

/** What a started sandbox says about its runtime: Pyodide's versions and costs, QuickJS's, or wasmoon's. */
export type AnySandboxInfo = SandboxInfo | JsSandboxInfo | LuaSandboxInfo;

/** The part of a sandbox client the controllers use; tests give a fake. */
export interface Sandbox {
  ready(): Promise<AnySandboxInfo>;
  calibrate(referenceLimitS?: number): Promise<TimeCalibration>;
  /** The calibration program's times again, later in a run. */
  recheck(): Promise<number[]>;
  run(program: string, timeoutMs: number, quiet?: boolean, outputFails?: boolean): Promise<SandboxRun>;
  terminate(reason?: Error): void;
  readonly interpreters: number;
}

/** What the session reaches outside itself; tests give fakes (`sandbox`: one fake for every language). */
export interface CodeEvalDeps {
  sandbox: Sandbox;
  sandboxFor: (language: CodeLanguage) => Sandbox;
  loadProblems: typeof loadProblems;
}

const SANDBOXES: Record<CodeLanguage, () => Sandbox> = {
  python: () => new PythonSandbox(),
  javascript: () => new JsSandbox(),
  typescript: () => new TsSandbox(),
  lua: () => new LuaSandbox(),
};
const newSandbox = (language: CodeLanguage): Sandbox => SANDBOXES[language]();

const RUNTIME_NAMES: Record<CodeLanguage, string> = {
  python: 'Python (Pyodide)',
  javascript: 'JavaScript (QuickJS)',
  typescript: 'TypeScript (sucrase, then QuickJS)',
  lua: 'Lua (wasmoon, Lua 5.4)',
};

/** The runtime a language's programs run in, as the page names it. */
export function runtimeName(language: CodeLanguage): string {
  return RUNTIME_NAMES[language];
}

export class CodeEvalSession {
  /** The problem set both the oracle check and pass@k use (see src/shared/problem-sets.ts). */
  problemSetId = $state('bundled');
  /** Seconds a program may run at the reference speed (CPython, or QuickJS in Node); each device gets this times
   *  its calibrated factor. */
  timeLimitS = $state(REFERENCE_LIMIT_S);
  #problemInfo = $state<string | null>(null);
  #calibration = $state.raw<Partial<Record<CodeLanguage, TimeCalibration>>>({});
  #info = $state.raw<Partial<Record<CodeLanguage, AnySandboxInfo>>>({});
  #interpreters = $state(0);
  // Not reactive state: a sandbox client is made once per language and never replaced.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #sandboxes = new Map<CodeLanguage, Sandbox>();
  readonly #make: (language: CodeLanguage) => Sandbox;
  readonly #load: typeof loadProblems;

  constructor(deps: Partial<CodeEvalDeps> = {}) {
    const one = deps.sandbox;
    this.#make = deps.sandboxFor ?? (one ? () => one : newSandbox);
    this.#load = deps.loadProblems ?? loadProblems;
  }

  /** The language of the chosen problem set. */
  get language(): CodeLanguage {
    return PROBLEM_SETS.find((p) => p.id === this.problemSetId)?.language ?? 'python';
  }

  /** The sandbox for the chosen set's language, made on first use and kept for the session. */
  get sandbox(): Sandbox {
    return this.sandboxFor(this.language);
  }

  /** The sandbox for a language, made on first use and kept for the session. */
  sandboxFor(language: CodeLanguage): Sandbox {
    let s = this.#sandboxes.get(language);
    if (!s) this.#sandboxes.set(language, (s = this.#make(language)));
    return s;
  }

  /** What the last load of the problem set gave. */
  get problemInfo(): string | null {
    return this.#problemInfo;
  }

  /** This session's calibration of the device's speed in the chosen language, with the limit it gives. */
  get calibration(): TimeCalibration | null {
    return this.#calibration[this.language] ?? null;
  }

  /** The chosen language's runtime, versions and start-up costs, once its sandbox has started. */
  get info(): AnySandboxInfo | null {
    return this.#info[this.language] ?? null;
  }

  /** Fresh interpreters started this session by the chosen language's sandbox (one per program, plus spares). */
  get interpreters(): number {
    return this.#interpreters;
  }

  /** Starts a language's sandbox (the chosen set's by default) and calibrates the time limit to this device; the
   *  limit in ms each program gets. */
  async prepare(
    language: CodeLanguage = this.language,
  ): Promise<{ info: AnySandboxInfo; limitMs: number; calibration: TimeCalibration; language: CodeLanguage }> {
    const sandbox = this.sandboxFor(language);
    const info = await sandbox.ready();
    this.#info = { ...this.#info, [language]: info };
    const calibration = await sandbox.calibrate(this.timeLimitS);
    this.#calibration = { ...this.#calibration, [language]: calibration };
    this.countInterpreters();
    return { info, limitMs: calibration.effectiveLimitS * 1000, calibration, language };
  }

  /** Runs a language's calibration program again and compares it with the calibration that set its limit. */
  async recheck(language: CodeLanguage): Promise<CalibrationRecheck> {
    const calibration = this.#calibration[language];
    if (!calibration) throw new SandboxError(`the ${runtimeName(language)} sandbox was not calibrated`);
    return recheckCalibration(calibration, await this.sandboxFor(language).recheck());
  }

  /** Loads the chosen problem set and says what it gave. */
  async problems(onProgress: (done: number, total: number) => void): Promise<readonly CodeProblem[]> {
    return (await this.problemsOf(this.problemSetId, onProgress)).problems;
  }

  /** Loads any problem set; what the chosen one gave is also shown. */
  async problemsOf(
    id: string,
    onProgress: (done: number, total: number) => void,
  ): Promise<{ entry: ProblemSetEntry; problems: readonly CodeProblem[] }> {
    const loaded = await this.#load(id, onProgress);
    if (id === this.problemSetId)
      this.#problemInfo = `${loaded.problems.length} problems from ${loaded.entry.name}${loaded.skipped ? `, ${loaded.skipped} rows skipped` : ''}`;
    return loaded;
  }

  /** Takes the chosen sandbox's count of the interpreters it has started. */
  countInterpreters(): void {
    this.#interpreters = this.sandbox.interpreters;
  }
}
