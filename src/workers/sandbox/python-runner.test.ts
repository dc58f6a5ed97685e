// The sandbox's Python runner on the real Pyodide (in Node), each program in a fresh interpreter booted from a
// memory snapshot as in the browser, and the oracle on the bundled problems.
import { loadPyodide, type PyodideAPI } from 'pyodide';
import { beforeAll, describe, expect, it } from 'vitest';
import { CALIBRATION_PROGRAM } from '../../bench/code-eval/time-limit.ts';
import { programFor } from '../../shared/code-problems/code-problems.ts';
import { BUNDLED_PROBLEMS } from '../../shared/code-problems/bundled-problems.ts';
import { classifyError, runProgram } from './python-runner.ts';

let snapshot: Uint8Array;

beforeAll(async () => {
  const maker = await loadPyodide({ _makeSnapshot: true });
  snapshot = maker.makeMemorySnapshot();
}, 60_000);

/** A fresh interpreter that has run nothing: what every program gets. */
const fresh = (): Promise<PyodideAPI> => loadPyodide({ _loadSnapshot: snapshot });
const runFresh = async (program: string) => runProgram(await fresh(), program);

describe('runProgram', () => {
  it('passes, fails on an assert, and errors on anything else', async () => {
    expect(await runFresh('print("hi")\nassert 1 + 1 == 2')).toMatchObject({ outcome: 'pass', stdout: 'hi\n' });
    expect(await runFresh('x = 1\nassert x == 2, "nope"')).toMatchObject({
      outcome: 'fail',
      errorType: 'AssertionError',
      message: 'AssertionError: nope at line 2: assert x == 2, "nope"',
    });
    expect(await runFresh('def f(:\n  pass')).toMatchObject({ outcome: 'error', errorType: 'SyntaxError' });
    expect(await runFresh('undefined_name')).toMatchObject({ outcome: 'error', errorType: 'NameError' });
    expect(await runFresh('def f(n): return f(n + 1)\nf(0)')).toMatchObject({ outcome: 'error', errorType: 'RecursionError' });
  }, 60_000);

  it('catches an impossible allocation as a MemoryError', async () => {
    expect(await runFresh('x = [0] * (2 ** 30)')).toMatchObject({ outcome: 'error', errorType: 'MemoryError' });
  }, 30_000);

  it('allows top-level await (the containment programs use it)', async () => {
    expect(await runFresh('import asyncio\nawait asyncio.sleep(0)\nprint("awaited")')).toMatchObject({
      outcome: 'pass',
      stdout: 'awaited\n',
    });
  }, 30_000);

  it('runs the calibration program', async () => {
    expect(await runFresh(CALIBRATION_PROGRAM)).toMatchObject({ outcome: 'pass' });
  }, 30_000);

  // The guarantee is the fresh interpreter, not a blocklist: what one program does to its interpreter stays there.
  it('starts every program from the snapshot, untouched by the program before', async () => {
    const poisoned = await fresh();
    await runProgram(poisoned, 'import builtins, sys\nbuiltins.abs = lambda x: 0\nsys.setrecursionlimit(40)\nleaked = 1');
    expect(await runProgram(poisoned, 'assert abs(-3) == 3')).toMatchObject({ outcome: 'fail' });
    expect(await runFresh('assert abs(-3) == 3')).toMatchObject({ outcome: 'pass' });
    expect(await runFresh('leaked')).toMatchObject({ outcome: 'error', errorType: 'NameError' });
    expect(await runFresh('def d(n):\n    return 0 if n == 0 else 1 + d(n - 1)\nassert d(300) == 300')).toMatchObject({
      outcome: 'pass',
    });
  }, 60_000);
});

describe('classifyError', () => {
  it('calls an exception that is not Python the death of the interpreter', () => {
    const exit = Object.assign(new Error('Program terminated with exit(0)'), { name: 'ExitStatus' });
    expect(classifyError(exit, '')).toMatchObject({ outcome: 'crash', errorType: 'ExitStatus' });
    const fatal = Object.assign(new Error('fatal'), { type: 'SystemExit', pyodide_fatal_error: true });
    expect(classifyError(fatal, '')).toMatchObject({ outcome: 'crash' });
    expect(classifyError('Aborted(OOM)', '')).toMatchObject({ outcome: 'crash', message: 'the interpreter died: Aborted(OOM)' });
  });

  it('keeps Python exceptions as the program outcome', () => {
    const assertion = Object.assign(new Error('Traceback...\n  File "<exec>", line 1, in <module>\nAssertionError'), {
      type: 'AssertionError',
    });
    expect(classifyError(assertion, 'assert False')).toMatchObject({
      outcome: 'fail',
      message: 'AssertionError at line 1: assert False',
    });
  });
});

describe('the bundled problems against the oracle, a fresh interpreter per program', () => {
  it.each(BUNDLED_PROBLEMS.map((p) => [p.taskId, p] as const))(
    '%s: the canonical solution passes, the wrong one fails',
    async (_id, p) => {
      expect(await runFresh(programFor(p, p.canonicalSolution ?? ''))).toMatchObject({ outcome: 'pass' });
      expect(p.wrongSolution).toBeDefined();
      expect((await runFresh(programFor(p, p.wrongSolution ?? ''))).outcome).toBe('fail');
    },
    30_000,
  );
});
