// A sandbox and problem loader for the code page's controller tests (Node): the sandbox answers each program as the
// test tells it, counts interpreters one per program, and can be terminated.
import { vi } from 'vitest';
import { BUNDLED_PROBLEMS } from '../../../shared/code-problems/bundled-problems.ts';
import type { ProgramOutcome, SandboxRun } from '../../../shared/contracts/sandbox.ts';
import { CALIBRATION, SANDBOX_INFO } from './sandbox-info.ts';
import { SandboxError } from '../../../shared/errors.ts';
import { PROBLEM_SETS } from '../../../shared/problem-sets.ts';
import { CodeEvalSession } from '../code-eval-session.svelte.ts';

export { CALIBRATION, SANDBOX_INFO };

/** A sandbox whose programs end as `answer` says; `run` can be made to hang until terminate(). */
export function fakeSandbox(answer: (program: string) => ProgramOutcome = () => 'pass') {
  let stop: ((err: Error) => void) | null = null;
  const sandbox = {
    interpreters: 0,
    hang: false,
    ready: vi.fn(async () => SANDBOX_INFO),
    calibrate: vi.fn(async () => CALIBRATION),
    recheck: vi.fn(async () => CALIBRATION.runsMs),
    run: vi.fn(async (program: string, _limitMs: number, _quiet?: boolean, _outputFails?: boolean): Promise<SandboxRun> => {
      sandbox.interpreters += 1;
      if (sandbox.hang) await new Promise((_, reject) => (stop = reject));
      const outcome = answer(program);
      return { outcome, errorType: outcome === 'fail' ? 'AssertionError' : null, message: null, stdout: '', ms: 5 };
    }),
    terminate: vi.fn((reason: Error = new SandboxError('the sandbox was stopped')) => stop?.(reason)),
  };
  return sandbox;
}

/** A session on the bundled problems and the given sandbox. */
export function fakeSession(sandbox = fakeSandbox()) {
  const entry = PROBLEM_SETS.find((p) => p.id === 'bundled');
  if (!entry) throw new Error('no bundled problem set');
  const loadProblems = vi.fn(async (_id: string, onProgress?: (done: number, total: number) => void) => {
    onProgress?.(0, 1);
    return { entry, problems: BUNDLED_PROBLEMS, skipped: 0 };
  });
  return { session: new CodeEvalSession({ sandbox, loadProblems }), sandbox, loadProblems };
}
