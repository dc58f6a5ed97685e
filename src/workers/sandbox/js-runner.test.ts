// The JavaScript runner on the real QuickJS build the browser gets (@jitl/quickjs-wasmfile-release-sync, in Node):
// how programs end, HumanEval-X's output rule, the interrupt, the memory and stack limits, every containment case, and
// the oracle check on HumanEval-X-format JavaScript problems.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { newQuickJSWASMModuleFromVariant, type QuickJSWASMModule } from 'quickjs-emscripten-core';
import releaseSync from '@jitl/quickjs-wasmfile-release-sync';
import { JS_REALM_GLOBALS, jsContainmentCases } from '../../bench/code-eval/js-containment.ts';
import { containmentVerdict, type ContainmentResult } from '../../bench/code-eval/sandbox-containment.ts';
import { oracleCases, oracleVerdict } from '../../bench/code-eval/sandbox-oracle.ts';
import { BUNDLED_HUMANEVAL_X_JS } from '../../shared/code-problems/bundled-humaneval-x.ts';
import { outputFails, programFor } from '../../shared/code-problems/code-problems.ts';
import { QUICKJS_VERSION } from '../../shared/contracts/sandbox.ts';
import { classifyJsError, jsFailingLine, runJsProgram } from './js-runner.ts';

let quickjs: QuickJSWASMModule;
beforeAll(async () => {
  quickjs = await newQuickJSWASMModuleFromVariant(releaseSync);
});

const run = (program: string, opts: { outputFails?: boolean; timeoutMs?: number } = {}) =>
  runJsProgram(quickjs, program, { outputFails: opts.outputFails ?? false, timeoutMs: opts.timeoutMs ?? 2000 });

describe('runJsProgram', () => {
  it('passes a program that ends cleanly and keeps what it printed', () => {
    expect(run('console.log("hi", [1, "a"], { b: 2 }); console.error("oops")')).toEqual({
      outcome: 'pass',
      errorType: null,
      message: null,
      stdout: 'hi [ 1, "a" ] { b: 2 }\noops\n',
    });
  });

  it("fails a thrown AssertionError (Node's assert) and calls any other error an error, naming the line", () => {
    const failed = run("const assert = require('node:assert');\nassert.deepEqual([1, [2]], [1, [3]]);");
    expect(failed).toMatchObject({ outcome: 'fail', errorType: 'AssertionError' });
    expect(failed.message).toContain('line 2: assert.deepEqual');
    expect(run('const x = 1;\nx.y.z;')).toMatchObject({ outcome: 'error', errorType: 'TypeError' });
    expect(run('function (')).toMatchObject({ outcome: 'error', errorType: 'SyntaxError' });
    expect(run("require('fs')")).toMatchObject({ outcome: 'error', errorType: 'Error' });
    expect(run("require('assert').strictEqual(1, 1); require('assert').deepStrictEqual({ a: [1] }, { a: [1] });").outcome).toBe(
      'pass',
    );
  });

  it('prints console.assert failures to stderr without throwing, as Node does; the HumanEval-X rule fails any output', () => {
    expect(run('console.assert(1 === 2)')).toMatchObject({ outcome: 'pass', stdout: 'Assertion failed\n' });
    expect(run('console.assert(1 === 2)', { outputFails: true })).toMatchObject({ outcome: 'fail', errorType: 'Stderr' });
    expect(run('console.log("debug")', { outputFails: true })).toMatchObject({ outcome: 'fail', errorType: 'Stdout' });
    expect(run('console.assert(1 === 1)', { outputFails: true }).outcome).toBe('pass');
  });

  it('settles promise jobs, and fails a program whose last expression is a promise that rejected', () => {
    expect(
      run('let done = false; (async () => { await null; done = true; })().then(() => { if (!done) throw 1; });').outcome,
    ).toBe('pass');
    expect(run('(async () => { await null; throw new Error("late"); })()')).toMatchObject({
      outcome: 'error',
      errorType: 'Error',
    });
    expect(run("(async () => { require('assert').ok(false); })()").outcome).toBe('fail');
  });

  it('stops endless loops at the deadline through the interrupt handler (sync, async and in a regex)', () => {
    for (const program of ['for (;;) {}', '(async () => { for (;;) await null; })()', "/(a+)+$/.test('a'.repeat(40) + 'b')"])
      expect(run(program, { timeoutMs: 300 }).outcome, program).toBe('timeout');
  });

  it('ends a runaway recursion and a memory hog with an error, inside the limits', () => {
    expect(run('const f = (n) => f(n + 1) + 1; f(0)')).toMatchObject({ outcome: 'error', errorType: 'InternalError' });
    expect(run("'x'.repeat(2 ** 28)")).toMatchObject({ outcome: 'error', errorType: 'MemoryError' });
    // A recursion as deep as a fair solution goes (600 frames) fits the stack limit.
    expect(run('const d = (n) => (n === 0 ? 0 : 1 + d(n - 1)); if (d(600) !== 600) throw new Error("depth");').outcome).toBe(
      'pass',
    );
  });

  it('starts each program in a fresh realm', () => {
    expect(run('globalThis.leak = 1; Object.prototype.p = 2; Math.abs = () => 0;').outcome).toBe('pass');
    expect(run("if (typeof leak !== 'undefined' || 'p' in {} || Math.abs(-1) !== 1) throw new Error('carried');").outcome).toBe(
      'pass',
    );
  });

  it('records a crash when the interpreter itself fails', () => {
    const broken = {
      newRuntime: () => {
        throw new Error('RuntimeError: unreachable');
      },
    } as unknown as QuickJSWASMModule;
    expect(runJsProgram(broken, '1', { outputFails: false, timeoutMs: 100 })).toMatchObject({
      outcome: 'crash',
      errorType: 'InterpreterDied',
    });
  });
});

describe('classifyJsError and jsFailingLine', () => {
  it('reads what QuickJS dumps of an error', () => {
    expect(classifyJsError({ name: 'InternalError', message: 'interrupted' }, '').outcome).toBe('timeout');
    expect(classifyJsError('a thrown string', '')).toMatchObject({ outcome: 'error', errorType: 'Error' });
    expect(jsFailingLine('    at f (program.js:2:3)', 'a\n  b()  \nc')).toBe('line 2: b()');
    expect(jsFailingLine('    at <eval> (prelude.js:1)', 'a')).toBeNull();
  });
});

describe('QUICKJS_VERSION', () => {
  it('is the installed variant’s version (the one the frame bundles)', () => {
    const pkg = JSON.parse(readFileSync('node_modules/@jitl/quickjs-wasmfile-release-sync/package.json', 'utf8')) as {
      version: string;
    };
    expect(QUICKJS_VERSION).toContain(pkg.version);
  });
});

describe('JavaScript containment, in real QuickJS', () => {
  it("lists the realm's globals exactly", () => {
    const r = run('console.log(Object.getOwnPropertyNames(globalThis).join(" "))');
    expect(r.stdout.trim().split(' ').sort()).toEqual([...JS_REALM_GLOBALS].sort());
  });

  it('contains every case', () => {
    const cases = jsContainmentCases({ canary: 'http://127.0.0.1:9/', appOrigin: 'http://localhost:8080' });
    const rows: (ContainmentResult & { message: string | null })[] = [];
    for (const c of cases)
      for (const [i, s] of c.steps.entries()) {
        const r = run(s.program, { outputFails: s.outputFails === true, timeoutMs: 500 });
        rows.push({ caseId: c.id, step: i, expect: s.expect, outcome: r.outcome, message: r.message });
      }
    const verdict = containmentVerdict(rows);
    expect(verdict.escaped, JSON.stringify(rows.filter((r) => verdict.escaped.includes(r.caseId)))).toEqual([]);
    expect(verdict.ok).toBe(true);
  });

  it('catches a host function left in the realm (the check fails without the prelude removing it)', () => {
    const leaky = (program: string) =>
      runJsProgram(quickjs, `globalThis.fetch = function fetch() { return 'sent'; };\n${program}`, {
        outputFails: false,
        timeoutMs: 500,
      });
    const cases = jsContainmentCases({ canary: 'http://127.0.0.1:9/', appOrigin: 'http://localhost:8080' });
    for (const id of ['js-globals', 'js-network-apis', 'js-function-constructor']) {
      const c = cases.find((x) => x.id === id);
      expect(leaky(c!.steps[0]!.program).outcome, id).toBe('fail');
    }
  });
});

describe('the oracle check on HumanEval-X-format JavaScript, in real QuickJS', () => {
  it('passes every canonical solution, fails every wrong one and times out the looping one', () => {
    const results = oracleCases(BUNDLED_HUMANEVAL_X_JS).map((c) => {
      const r = run(programFor(c.problem, c.completion), { outputFails: outputFails(c.problem), timeoutMs: 500 });
      return { kind: c.kind, expected: c.expected, outcome: r.outcome, id: c.problem.taskId, message: r.message };
    });
    expect(results.filter((r) => r.outcome !== r.expected)).toEqual([]);
    expect(oracleVerdict(results)).toMatchObject({ canonicalPassAt1: 1, wrongPassAt1: 0, loopingTimedOut: true, ok: true });
  });
});
