// The Lua runner on the real wasmoon build the browser gets (Lua 5.4 in WebAssembly, in Node): how programs end, the
// memory limit and the timeout, every Lua containment case, the oracle on TierLab's problems in MultiPL-E's Lua
// layout, and agreement with MultiPL-E's own harness (evaluation/py/eval_lua.py: `lua program.lua`, exit code 0 is
// OK), here native Lua 5.4 with Debian's luaunit 3.4 (lua5.4, lua-unit; `npm test` installs them), on the same
// programs and on assertEquals's edge cases, since TierLab's luaunit is its own.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LuaFactory } from 'wasmoon';
import { LUA_C_LOOP, LUA_STATE_GLOBALS, luaContainmentCases } from '../../bench/code-eval/lua-containment.ts';
import { containmentVerdict, type ContainmentResult } from '../../bench/code-eval/sandbox-containment.ts';
import { oracleCases, oracleVerdict } from '../../bench/code-eval/sandbox-oracle.ts';
import { BUNDLED_MULTIPLE_LUA } from '../../shared/code-problems/bundled-multipl-e.ts';
import { completionFor, emptyBody, programFor } from '../../shared/code-problems/code-problems.ts';
import { LUA_RUNTIME_VERSION } from '../../shared/contracts/sandbox.ts';
import { LUA_CALIBRATION_PROGRAM } from '../../bench/code-eval/time-limit.ts';
import { luaFailingLine, runLuaProgram } from './lua-runner.ts';

/** A fresh wasm instance per program, as each browser worker has: a program that aborts Lua kills its instance. */
const run = (program: string, timeoutMs = 2000) => runLuaProgram(new LuaFactory(), program, { timeoutMs });

/** MultiPL-E's Lua harness on one program: native lua5.4, exit code 0 is OK. */
function official(program: string): 'OK' | 'Exception' {
  const r = spawnSync('lua5.4', ['-'], { input: program, encoding: 'utf8', timeout: 15_000 });
  return r.status === 0 ? 'OK' : 'Exception';
}

describe('runLuaProgram', () => {
  it('passes a program that ends or exits with 0, keeps what it printed, and fails a non-zero exit', async () => {
    expect(await run('print("hi", 1, nil) io.write("x", 2, "\\n")')).toEqual({
      outcome: 'pass',
      errorType: null,
      message: null,
      stdout: 'hi\t1\tnil\nx2\n',
    });
    expect((await run('os.exit(0)')).outcome).toBe('pass');
    expect(await run('os.exit(3)')).toMatchObject({ outcome: 'fail', errorType: 'ExitCode', message: 'exited with code 3' });
  });

  it('calls an uncaught error an error, naming the line, and a syntax error a SyntaxError', async () => {
    const e = await run('local x = nil\nreturn x.y');
    expect(e).toMatchObject({ outcome: 'error', errorType: 'LuaError' });
    expect(e.message).toContain('line 2: return x.y');
    expect(await run('local function f(')).toMatchObject({ outcome: 'error', errorType: 'SyntaxError' });
    expect(luaFailingLine('program:2: boom', 'a\n  b()  ')).toBe('line 2: b()');
  });

  it("runs luaunit's tests and fails on a failed assertion, naming it", async () => {
    const tests = (body: string) => `lu = require('luaunit')\nfunction test_humaneval()\n${body}\nend\nos.exit(lu.LuaUnit.run())`;
    expect((await run(tests('  lu.assertEquals({1, {2, 3}}, {1, {2, 3}})'))).outcome).toBe('pass');
    const failed = await run(tests('  lu.assertEquals({1, 2}, {1, 3})'));
    expect(failed).toMatchObject({ outcome: 'fail', errorType: 'ExitCode' });
    expect(failed.message).toContain('test_humaneval FAIL: expected: {1, 3}, actual: {1, 2}');
  });

  it('ends a memory hog at the allocator limit and a loop at the time limit', async () => {
    expect(await run("local s = string.rep('x', 2^29)")).toMatchObject({ outcome: 'error', errorType: 'MemoryError' });
    expect((await run('while true do end', 300)).outcome).toBe('timeout');
  });

  it('runs the calibration program', async () => {
    expect((await run(LUA_CALIBRATION_PROGRAM, 20_000)).outcome).toBe('pass');
  });

  it('records the installed wasmoon', () => {
    const pkg = JSON.parse(readFileSync('node_modules/wasmoon/package.json', 'utf8')) as { version: string };
    expect(LUA_RUNTIME_VERSION).toContain(`wasmoon ${pkg.version}`);
  });
});

describe('Lua containment, in real wasmoon', () => {
  it("lists the state's globals exactly", async () => {
    const r = await run(
      'local names = {} for k in pairs(_G) do names[#names + 1] = k end table.sort(names) print(table.concat(names, " "))',
    );
    expect(r.stdout.trim().split(' ')).toEqual([...LUA_STATE_GLOBALS].sort());
  });

  it('contains every case', async () => {
    const rows: (ContainmentResult & { message: string | null })[] = [];
    for (const c of luaContainmentCases().filter((x) => x.id !== LUA_C_LOOP))
      for (const [i, s] of c.steps.entries()) {
        const r = await run(s.program, c.minLimitS ? 4000 : 500);
        rows.push({ caseId: c.id, step: i, expect: s.expect, outcome: r.outcome, message: r.message });
      }
    const verdict = containmentVerdict(rows);
    expect(verdict.escaped, JSON.stringify(rows.filter((r) => verdict.escaped.includes(r.caseId)))).toEqual([]);
    expect(verdict.ok, JSON.stringify(rows.filter((r) => r.expect && !r.expect.includes(r.outcome)))).toBe(true);
  }, 60_000);

  it('catches a process API left in the state (the check fails without the prelude removing it)', async () => {
    const [globals, routes] = luaContainmentCases();
    const leaky = (program: string) => run(`os.execute = function() return true end\nfunction dofile() end\n${program}`);
    expect((await leaky(globals!.steps[0]!.program)).outcome).not.toBe('pass');
    expect((await leaky(routes!.steps[0]!.program)).outcome).not.toBe('pass');
  });
});

describe("the oracle on TierLab's problems in MultiPL-E's Lua layout", () => {
  it('in wasmoon: canonical bodies pass, wrong and empty ones fail, the loop times out', async () => {
    const results = [];
    for (const c of oracleCases(BUNDLED_MULTIPLE_LUA)) {
      const r = await run(programFor(c.problem, c.completion), 500);
      results.push({ kind: c.kind, expected: c.expected, outcome: r.outcome, id: c.problem.taskId, message: r.message });
    }
    expect(results.filter((r) => r.outcome !== r.expected)).toEqual([]);
    expect(oracleVerdict(results)).toMatchObject({ canonicalPassAt1: 1, wrongPassAt1: 0, loopingTimedOut: true, ok: true });
  });

  it("agrees with MultiPL-E's harness (native Lua 5.4, Debian's luaunit 3.4) on every canonical, wrong and empty body", async () => {
    for (const p of BUNDLED_MULTIPLE_LUA)
      for (const [kind, body] of [
        ['canonical', p.canonicalSolution!],
        ['wrong', p.wrongSolution!],
        ['empty', emptyBody(p)],
      ] as const) {
        const program = programFor(p, body);
        const theirs = official(program);
        const ours = (await run(program)).outcome;
        expect(ours === 'pass', `${p.taskId} ${kind}: official ${theirs}, ours ${ours}`).toBe(theirs === 'OK');
        expect(theirs, `${p.taskId} ${kind}`).toBe(kind === 'canonical' ? 'OK' : 'Exception');
      }
  }, 60_000);

  it("agrees with luaunit 3.4's assertEquals on the values MultiPL-E's tests compare", async () => {
    const cases = [
      ['{1, 2}', '{1, 2}'],
      ['{1, 2}', '{1, 2, 3}'],
      ['{1, 2, 3}', '{1, 2}'],
      ['1', '1.0'],
      ["'1'", '1'],
      ['{a = 1, b = {2}}', '{a = 1, b = {2}}'],
      ['{a = 1}', '{a = 1, b = 2}'],
      ['{{1}, {}}', '{{1}, {}}'],
      ['{}', '{}'],
      ['true', 'true'],
      ['nil', 'false'],
      ['0.1 + 0.2', '0.3'],
      ["{'x', 'y'}", "{'x', 'y'}"],
      ['{[1] = 1, [3] = 3}', '{1, nil, 3}'],
    ];
    for (const [a, e] of cases) {
      const program = `lu = require('luaunit')\nfunction test_humaneval()\n  lu.assertEquals(${a}, ${e})\nend\nos.exit(lu.LuaUnit.run())`;
      const ours = (await run(program)).outcome;
      expect(ours === 'pass', `assertEquals(${a}, ${e}): official ${official(program)}, ours ${ours}`).toBe(
        official(program) === 'OK',
      );
    }
  }, 60_000);

  it("cuts a completion at the row's earliest stop token, as MultiPL-E does", () => {
    const p = BUNDLED_MULTIPLE_LUA[0]!;
    expect(completionFor(p, '  return 1\nend\n\nlocal x = 2')).toBe('  return 1\nend');
    expect(completionFor(p, '  return 1\nend\n-- done')).toBe('  return 1\nend');
  });
});
