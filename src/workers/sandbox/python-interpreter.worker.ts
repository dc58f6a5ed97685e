// One Python interpreter for one program (a classic worker inside the sandbox frame, bundled into the frame's page;
// see docs/sandbox.md). It boots Pyodide from the bytes the frame hands it (it may fetch nothing: the frame's
// Content-Security-Policy forbids every connection), reports, runs exactly one program, reports once, and is
// terminated by the frame. No comlink here on purpose: the only thing this realm may say is one small message.
import type { loadPyodide as LoadPyodide, PyodideAPI } from 'pyodide';
import type { FromInterpreterBoot, ProgramReport, ToInterpreter } from '../../shared/contracts/sandbox.ts';
import { giveErrorsAStack } from './error-stack.ts';
import { runProgram } from './python-runner.ts';
import { lockDownRealm } from './realm-lockdown.ts';
import { reportDeathAsCrash } from './worker-death.ts';

type BootMessage = Extract<ToInterpreter, { type: 'boot' }>;

// Taken before any program runs, so a program that replaces self.postMessage cannot stop or reroute its report.
const post = self.postMessage.bind(self);

/** Serves Pyodide's two file loads from memory while it boots, then puts the worker's own functions back. None of
 *  this is a protection (the frame's policy and origin are): it only lets Pyodide boot without a network. */
async function withFilesInMemory<T>(boot: BootMessage, load: () => Promise<T>): Promise<T> {
  const scope = self as unknown as Record<string, unknown>;
  const own = { fetch: self.fetch, importScripts: scope.importScripts, instantiateStreaming: WebAssembly.instantiateStreaming };
  scope.fetch = async (url: RequestInfo | URL) => {
    const u = String(url);
    if (u.endsWith('/python_stdlib.zip')) return new Response(boot.stdlib);
    if (u.endsWith('/pyodide.asm.wasm'))
      return new Response(new Uint8Array(0), { headers: { 'Content-Type': 'application/wasm' } });
    throw new TypeError(`the sandbox fetches nothing (${u.slice(0, 80)})`);
  };
  // Pyodide refuses classic workers by probing importScripts; its modules load with import() all the same.
  scope.importScripts = undefined;
  // The wasm was compiled once by the frame: instantiate that module instead of compiling the (empty) response.
  WebAssembly.instantiateStreaming = async (_source, imports) => ({
    module: boot.module,
    instance: await WebAssembly.instantiate(boot.module, imports),
  });
  try {
    return await load();
  } finally {
    scope.fetch = own.fetch;
    scope.importScripts = own.importScripts;
    WebAssembly.instantiateStreaming = own.instantiateStreaming;
  }
}

/**
 * Makes this worker stoppable by the frame's terminate() in WebKit. JavaScriptCore stops a worker only where its code
 * reaches JavaScript; a Python loop runs inside the interpreter's WebAssembly and never does, so a timed-out
 * `while True: pass` went on burning a core, for good, after the frame had reported it and dropped its worker (three
 * leftovers made the cross-engine suite's later steps 3–15× slower). With an interrupt buffer set, CPython's eval loop
 * calls a JavaScript helper every 50 periodic checks (each loop's backward jump and each call: `_CHECK_PERIODIC` in
 * CPython's Python/bytecodes.c, `_Py_CheckEmscriptenSignalsPeriodically` in Python/emscripten_signal.c), and that is
 * where the termination lands. The buffer need not be shared: nothing writes a signal into it, only its being set
 * matters. A program can turn it off again through pyodide_js; then, in WebKit only, its loop outlives its timeout
 * (docs/sandbox.md says so).
 */
function reachableByTerminate(py: PyodideAPI): void {
  py.setInterruptBuffer(new Int32Array(1));
}

async function boot(m: BootMessage): Promise<PyodideAPI> {
  const started = performance.now();
  const py = await withFilesInMemory(m, async () => {
    // Both modules run their environment checks when evaluated, so they load inside the shim too.
    const { loadPyodide } = (await import(/* @vite-ignore */ m.pyodideUrl)) as { loadPyodide: typeof LoadPyodide };
    const createPyodideModule = ((await import(/* @vite-ignore */ m.asmUrl)) as { default: unknown }).default;
    return loadPyodide({
      indexURL: 'https://pyodide.sandbox.invalid/',
      lockFileContents: m.lock,
      createPyodideModule: createPyodideModule as never,
      ...(m.snapshot ? { _loadSnapshot: m.snapshot } : { _makeSnapshot: true }),
    });
  });
  reachableByTerminate(py);
  const versions = { pyodideVersion: py.version, pythonVersion: String(py.runPython('import sys; sys.version.split()[0]')) };
  if (m.snapshot) {
    // The snapshot is no longer needed here: hand its buffer back (no program has run yet) for the next interpreter.
    const snapshot = m.snapshot;
    post({ type: 'booted', ms: performance.now() - started, ...versions, snapshot } satisfies FromInterpreterBoot, [
      snapshot.buffer,
    ]);
  } else {
    // Modules most programs import, loaded once into the snapshot so no program pays for them.
    py.runPython('import re, math, string, collections, itertools, functools, heapq, bisect, typing');
    const bytes = py.makeMemorySnapshot();
    post({ type: 'snapshot', bytes, ms: performance.now() - started, ...versions } satisfies FromInterpreterBoot, [bytes.buffer]);
  }
  return py;
}

// Before anything runs: no Cache API (WebKit shares one store across programs), no BroadcastChannel, no nested
// workers, no GPU (realm-lockdown.ts says why each).
lockDownRealm();

// Before anything runs: a refusal WebKit reports without a stack must reach Python as an exception (error-stack.ts).
giveErrorsAStack();

let state: 'new' | 'booting' | 'booted' | 'ran' | 'reported' = 'new';
let py: PyodideAPI | null = null;

function report(r: ProgramReport): void {
  if (state !== 'ran') return;
  state = 'reported';
  post({ type: 'report', ...r } satisfies ProgramReport & { type: 'report' });
}

// os._exit and fatal errors end the interpreter outside runPython's promise (Emscripten throws from a scheduled
// callback): whatever escapes uncaught is that program's crash.
reportDeathAsCrash(report);

self.addEventListener('message', (e: MessageEvent<ToInterpreter>) => {
  const m = e.data;
  if (m.type === 'boot' && state === 'new') {
    state = 'booting';
    boot(m).then(
      (p) => ((py = p), (state = 'booted')),
      (err: unknown) =>
        post({
          type: 'boot-failed',
          message: String((err as Error)?.message ?? err).slice(0, 500),
        } satisfies FromInterpreterBoot),
    );
  } else if (m.type === 'run' && state === 'booted' && py) {
    state = 'ran';
    void runProgram(py, m.program).then(report);
  }
});
