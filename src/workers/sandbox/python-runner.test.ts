// The sandbox's Python runner on the real Pyodide (in Node), and the oracle on the bundled problems.
import { loadPyodide, type PyodideAPI } from 'pyodide';
import { beforeAll, describe, expect, it } from 'vitest';
import { programFor } from '../../shared/code-problems.ts';
import { BUNDLED_PROBLEMS } from '../../shared/code-problems/bundled-problems.ts';
import { blockModules, runProgram } from './python-runner.ts';

let py: PyodideAPI;

beforeAll(async () => {
  py = await loadPyodide();
  blockModules(py);
}, 60_000);

describe('runProgram', () => {
  it('passes, fails on an assert, and errors on anything else', () => {
    expect(runProgram(py, 'print("hi")\nassert 1 + 1 == 2')).toMatchObject({ outcome: 'pass', stdout: 'hi\n' });
    expect(runProgram(py, 'x = 1\nassert x == 2, "nope"')).toMatchObject({
      outcome: 'fail',
      errorType: 'AssertionError',
      message: 'AssertionError: nope at line 2: assert x == 2, "nope"',
    });
    expect(runProgram(py, 'def f(:\n  pass')).toMatchObject({ outcome: 'error', errorType: 'SyntaxError' });
    expect(runProgram(py, 'undefined_name')).toMatchObject({ outcome: 'error', errorType: 'NameError' });
    expect(runProgram(py, 'def f(n): return f(n + 1)\nf(0)')).toMatchObject({ outcome: 'error', errorType: 'RecursionError' });
  });

  it('catches a memory error', () => {
    expect(runProgram(py, 'x = [0] * (2 ** 30)')).toMatchObject({ outcome: 'error', errorType: 'MemoryError' });
  });

  it('gives every program a fresh namespace', () => {
    runProgram(py, 'leaked = 1');
    expect(runProgram(py, 'leaked')).toMatchObject({ outcome: 'error', errorType: 'NameError' });
  });

  it('cannot import the modules that reach outside', () => {
    for (const m of ['js', 'pyodide_js', 'pyodide.http', 'socket', 'urllib.request'])
      expect(runProgram(py, `import ${m}`), m).toMatchObject({ outcome: 'error', errorType: 'ModuleNotFoundError' });
  });
});

describe('the bundled problems against the oracle', () => {
  it.each(BUNDLED_PROBLEMS.map((p) => [p.taskId, p] as const))(
    '%s: the canonical solution passes, the wrong one fails',
    (_id, p) => {
      expect(runProgram(py, programFor(p, p.canonicalSolution))).toMatchObject({ outcome: 'pass' });
      expect(p.wrongSolution).toBeDefined();
      expect(runProgram(py, programFor(p, p.wrongSolution ?? '')).outcome).toBe('fail');
    },
  );
});
