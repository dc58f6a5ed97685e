// TypeScript in the QuickJS sandbox, in Node on the real builds the browser gets (sucrase, QuickJS's release-sync
// variant): type erasure and its errors, every TypeScript containment case, the oracle on TierLab's problems in
// MultiPL-E's TypeScript and JavaScript layouts, and agreement with MultiPL-E's own harness, which runs
// `tsc --target esnext` and then Node (evaluation/src/eval_ts.py: a program tsc rejects is a SyntaxError; exit code 0
// is OK), here with the TypeScript compiler in node_modules and this Node.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { newQuickJSWASMModuleFromVariant, type QuickJSWASMModule } from 'quickjs-emscripten-core';
import releaseSync from '@jitl/quickjs-wasmfile-release-sync';
import { getVersion } from 'sucrase';
import ts from 'typescript';
import { jsContainmentCases } from '../../bench/code-eval/js-containment.ts';
import { containmentVerdict, type ContainmentResult } from '../../bench/code-eval/sandbox-containment.ts';
import { oracleCases, oracleVerdict } from '../../bench/code-eval/sandbox-oracle.ts';
import { BUNDLED_MULTIPLE_JS, BUNDLED_MULTIPLE_TS } from '../../shared/code-problems/bundled-multipl-e.ts';
import { completionFor, outputFails, programFor } from '../../shared/code-problems/code-problems.ts';
import { TS_TRANSPILER } from '../../shared/contracts/sandbox.ts';
import { runJsProgram } from './js-runner.ts';
import { transpileTypeScript } from './ts-transpile.ts';

let quickjs: QuickJSWASMModule;
beforeAll(async () => {
  quickjs = await newQuickJSWASMModuleFromVariant(releaseSync);
});

const runTs = (program: string, timeoutMs = 2000, outputFailsToo = false) =>
  runJsProgram(quickjs, program, { outputFails: outputFailsToo, timeoutMs, transpile: transpileTypeScript });

describe('TypeScript through sucrase, then QuickJS', () => {
  it('erases types, runs enums, parameter properties, generics and casts, and keeps line numbers', () => {
    expect(
      runTs(
        "enum Tier { Mobile, Edge }\nclass N { constructor(public two: number) {} }\nconst id = <T,>(x: T): T => x;\nif (id<number>(new N(2).two) !== 2 || Tier[1] !== 'Edge' || (3 as number) !== 3) throw new Error('wrong');",
      ).outcome,
    ).toBe('pass');
    const failed = runTs("const a: number = 1;\nconst b: string[] = [];\nrequire('node:assert').deepEqual(b, [a]);");
    expect(failed).toMatchObject({ outcome: 'fail', errorType: 'AssertionError' });
    expect(failed.message).toContain("line 3: require('node:assert')");
  });

  it('calls what the transpiler cannot read a SyntaxError, and a transpiler that breaks a TranspileError', () => {
    const bad = runTs('let n: = 1;');
    expect(bad).toMatchObject({ outcome: 'error', errorType: 'SyntaxError' });
    expect(bad.message).toMatch(/^TypeScript: .*\(1:/);
    const deep = runTs(`const x = ${'('.repeat(100_000)}1${')'.repeat(100_000)};`);
    expect(deep.outcome).toBe('error');
    expect(['SyntaxError', 'TranspileError']).toContain(deep.errorType);
  });

  it('refuses a namespace or module block with values, which sucrase would drop, and lets a declared one through', () => {
    const refused = runTs('const a = 1;\nnamespace Cost { export const per = 2; }\nCost.per;');
    expect(refused).toMatchObject({ outcome: 'error', errorType: 'UnsupportedSyntax' });
    expect(refused.message).toContain('line 2');
    expect(runTs('module A.B { export const x = 1; }').errorType).toBe('UnsupportedSyntax');
    expect(runTs('declare namespace D { const x: number; }\nconst module = { exports: 1 };\nmodule.exports;').outcome).toBe(
      'pass',
    );
  });

  it('does not check types: a program tsc would reject still runs (docs/code.md says so)', () => {
    expect(runTs('const n: number = "not a number" as any as number; const s: string = 1 as unknown as string;').outcome).toBe(
      'pass',
    );
  });

  it('records the installed sucrase', () => {
    const pkg = JSON.parse(readFileSync('node_modules/sucrase/package.json', 'utf8')) as { version: string };
    expect(TS_TRANSPILER.version).toBe(pkg.version);
    expect(getVersion()).toBe(pkg.version);
  });
});

describe('TypeScript containment, in real QuickJS', () => {
  const targets = { canary: 'http://127.0.0.1:9/', appOrigin: 'http://localhost:8080' };

  it('contains every case', () => {
    const rows: (ContainmentResult & { message: string | null })[] = [];
    for (const c of jsContainmentCases(targets, 'typescript'))
      for (const [i, s] of c.steps.entries()) {
        const r = runTs(s.program, 500, s.outputFails === true);
        rows.push({ caseId: c.id, step: i, expect: s.expect, outcome: r.outcome, message: r.message });
      }
    const verdict = containmentVerdict(rows);
    expect(verdict.escaped, JSON.stringify(rows.filter((r) => verdict.escaped.includes(r.caseId)))).toEqual([]);
    expect(verdict.ok, JSON.stringify(rows.filter((r) => r.expect && !r.expect.includes(r.outcome)))).toBe(true);
  });

  it('its programs are TypeScript: without the transpiler they do not even parse', () => {
    const c = jsContainmentCases(targets, 'typescript').find((x) => x.id === 'ts-network-apis');
    expect(runJsProgram(quickjs, c!.steps[0]!.program, { outputFails: false, timeoutMs: 500 })).toMatchObject({
      outcome: 'error',
      errorType: 'SyntaxError',
    });
  });
});

/**
 * MultiPL-E's harness for one TypeScript program: tsc --target esnext, then node on the output (eval_ts.py). Its tsc
 * runs in a directory with no node_modules, so no @types are seen (`types: []` here); the standard library's files
 * are parsed once and shared by every program.
 */
const TSC_OPTIONS: ts.CompilerOptions = { target: ts.ScriptTarget.ESNext, types: [] };
const tscHost = ts.createCompilerHost(TSC_OPTIONS);
const libFiles = new Map<string, ts.SourceFile | undefined>();
const readSource = tscHost.getSourceFile.bind(tscHost);
tscHost.getSourceFile = (name, version, onError, create) => {
  if (!name.includes('node_modules/typescript/lib/')) return readSource(name, version, onError, create);
  if (!libFiles.has(name)) libFiles.set(name, readSource(name, version, onError, create));
  return libFiles.get(name);
};

function officialTs(dir: string, name: string, program: string): 'OK' | 'SyntaxError' | 'AssertionError' | 'Exception' {
  const file = path.join(dir, `${name}.ts`);
  writeFileSync(file, program);
  const compiled = ts.createProgram([file], TSC_OPTIONS, tscHost);
  const emitted = compiled.emit();
  const diagnostics = [...ts.getPreEmitDiagnostics(compiled), ...emitted.diagnostics];
  if (diagnostics.length > 0) return 'SyntaxError';
  const r = spawnSync(process.execPath, [file.replace(/\.ts$/, '.js')], { encoding: 'utf8', timeout: 15_000 });
  if (r.status === 0) return 'OK';
  return r.stderr.includes('ERR_ASSERTION') ? 'AssertionError' : 'Exception';
}

describe("the oracle on TierLab's problems in MultiPL-E layout, in real QuickJS", () => {
  it('TypeScript: canonical bodies pass, wrong and empty ones fail, the loop times out', () => {
    const results = oracleCases(BUNDLED_MULTIPLE_TS).map((c) => {
      const r = runTs(programFor(c.problem, c.completion), 500, outputFails(c.problem));
      return { kind: c.kind, expected: c.expected, outcome: r.outcome, id: c.problem.taskId, message: r.message };
    });
    expect(results.filter((r) => r.outcome !== r.expected)).toEqual([]);
    expect(oracleVerdict(results)).toMatchObject({ canonicalPassAt1: 1, wrongPassAt1: 0, loopingTimedOut: true, ok: true });
  });

  it('JavaScript: the same, without the transpiler', () => {
    const results = oracleCases(BUNDLED_MULTIPLE_JS).map((c) => {
      const r = runJsProgram(quickjs, programFor(c.problem, c.completion), {
        outputFails: outputFails(c.problem),
        timeoutMs: 500,
      });
      return { kind: c.kind, expected: c.expected, outcome: r.outcome, id: c.problem.taskId, message: r.message };
    });
    expect(results.filter((r) => r.outcome !== r.expected)).toEqual([]);
    expect(oracleVerdict(results).ok).toBe(true);
  });

  it("agrees with MultiPL-E's harness (tsc, then Node) on every canonical, wrong and empty TypeScript body", () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tierlab-multipl-e-'));
    const rows = BUNDLED_MULTIPLE_TS.flatMap((p, i) =>
      [
        ['canonical', p.canonicalSolution!],
        ['wrong', p.wrongSolution!],
        ['empty', '}\n'],
      ].map(([kind, body]) => {
        const program = programFor(p, body!);
        const official = officialTs(dir, `p${i}_${kind}`, program);
        return { id: `${p.taskId} ${kind}`, official, ours: runTs(program, 2000).outcome };
      }),
    );
    for (const r of rows) expect(r.ours === 'pass', `${r.id}: official ${r.official}, ours ${r.ours}`).toBe(r.official === 'OK');
    expect(rows.filter((r) => r.official === 'OK')).toHaveLength(BUNDLED_MULTIPLE_TS.length);
  }, 120_000);

  it("cuts a completion at the row's earliest stop token, as MultiPL-E does", () => {
    const p = BUNDLED_MULTIPLE_TS[0]!;
    expect(completionFor(p, '  return 1;\n}\n\nfunction helper() {}\n// note')).toBe('  return 1;\n}\n');
    expect(completionFor(p, '  return 1;\n}\nclass X {}')).toBe('  return 1;\n}');
    expect(completionFor(p, '  return 1;\n}')).toBe('  return 1;\n}');
  });
});
