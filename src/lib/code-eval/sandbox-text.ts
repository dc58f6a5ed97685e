// How the code page names a sandbox's runtime (main thread; pure): the short name shown beside a pass@k run, and the
// sentence under the sandbox check with its versions, start-up costs and limits.
import type { PassKSetRun } from '../../bench/code-eval/passk-run.ts';
import type { AnySandboxInfo } from './code-eval-session.svelte.ts';

/** "Pyodide 0.29.0", "QuickJS (quickjs-emscripten 0.32.0 …)" or, for TypeScript, "sucrase 3.35.1, then QuickJS (…)". */
export function runtimeLabel(info: AnySandboxInfo): string {
  if (!('runtime' in info)) return `Pyodide ${info.pyodideVersion}`;
  if (info.runtime === 'wasmoon') return info.version;
  const quickjs = `QuickJS (${info.version})`;
  return info.transpiler ? `${info.transpiler.name} ${info.transpiler.version}, then ${quickjs}` : quickjs;
}

/** What the started sandbox cost and what each program gets. */
export function describeSandbox(info: AnySandboxInfo, interpreters: number): string {
  const setUp = `set up in ${(info.loadMs / 1000).toFixed(1)} s`;
  const started = `fresh interpreters started: ${interpreters}`;
  if ('runtime' in info && info.runtime === 'wasmoon')
    return `${runtimeLabel(info)} ${setUp}; a fresh interpreter starts in ${info.bootMs.toFixed(0)} ms with ${(
      info.memoryLimitBytes /
      2 ** 20
    ).toFixed(0)} MB for Lua's allocator; ${started}.`;
  if ('runtime' in info)
    return `${runtimeLabel(info)} ${setUp}; a fresh interpreter starts in ${info.bootMs.toFixed(0)} ms with a ${(
      info.memoryLimitBytes /
      2 ** 20
    ).toFixed(0)} MB heap and a ${(info.stackLimitBytes / 1024).toFixed(0)} KB stack; ${started}.`;
  return `Pyodide ${info.pyodideVersion} (Python ${info.pythonVersion}) ${setUp}; a fresh interpreter boots from a ${(
    info.snapshotBytes /
    2 ** 20
  ).toFixed(0)} MB memory snapshot in ${info.bootMs.toFixed(0)} ms; ${started}.`;
}

/** Where a pass@k set's completions ran and under which limit, with the calibration the limit came from. */
export function describePassKSandbox(set: Pick<PassKSetRun, 'sandbox' | 'timeLimit' | 'recheck'>): string {
  const t = set.timeLimit;
  return (
    `every completion ran in its own fresh interpreter (${set.sandbox.interpreters} started this session; ` +
    `${runtimeLabel(set.sandbox)}, opaque origin, no network). Time limit ${t.effectiveLimitS.toFixed(1)} s per program: ` +
    `${t.referenceLimitS} s at the reference speed × ${t.factor.toFixed(2)}, this device's calibration ` +
    `(${t.medianMs.toFixed(0)} ms against ${t.referenceMs} ms); re-checked after the set: ${set.recheck.medianMs.toFixed(0)} ms ` +
    `(${set.recheck.ratio.toFixed(2)}× the calibration).`
  );
}

/** Why a set's re-checked calibration casts doubt on its timeouts, or null when it held. */
export function driftWarning(set: Pick<PassKSetRun, 'recheck'>): string | null {
  const r = set.recheck;
  if (!r.drifted) return null;
  return r.ratio > 1
    ? `This device ran the calibration program ${r.ratio.toFixed(2)}× slower after the set than when the limit was set (throttled or busy): later programs had less time than the limit means, so some timeouts may be the device's.`
    : `This device ran the calibration program ${(1 / r.ratio).toFixed(2)}× faster after the set than when the limit was set: the calibration was inflated (measured while the device was busy), so programs had more time than the limit means.`;
}
