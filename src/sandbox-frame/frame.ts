// The sandbox frame's page script (runs in an iframe sandboxed without allow-same-origin: an opaque origin with no
// access to the app's storage, served with a Content-Security-Policy that allows no connection at all). The app hands
// it Pyodide's files; it compiles the interpreter once, makes a memory snapshot in an interpreter that runs nothing
// untrusted, and then runs each program in a fresh interpreter from that snapshot (interpreter-pool.ts).
import { SandboxBrokenError } from '../shared/errors.ts';
import {
  JS_MEMORY_LIMIT_BYTES,
  JS_STACK_LIMIT_BYTES,
  LUA_MEMORY_LIMIT_BYTES,
  LUA_RUNTIME_VERSION,
  QUICKJS_VERSION,
  TS_TRANSPILER,
  type FromFrame,
  type FromInterpreterBoot,
  type JsSandboxInfo,
  type LuaSandboxInfo,
  type PyodideFiles,
  type QuickJsDialect,
  type SandboxInfo,
  type ToFrame,
  type ToInterpreter,
  type ToJsInterpreter,
  type ToLuaInterpreter,
} from '../shared/contracts/sandbox.ts';
import { median } from '../bench/stats.ts';
import { InterpreterPool, type WorkerLike } from './interpreter-pool.ts';
import {
  INTERPRETER_WORKER_CODE,
  JS_INTERPRETER_WORKER_CODE,
  LUA_INTERPRETER_WORKER_CODE,
  TS_INTERPRETER_WORKER_CODE,
} from 'virtual:tierlab-interpreter-worker';

/** How the frame hands scripts to its workers: blob: URLs where the engine allows them, else data: URLs. */
type ScriptUrl = (code: string) => string;
const blobUrl: ScriptUrl = (code) => URL.createObjectURL(new Blob([code], { type: 'text/javascript' }));
const dataUrl: ScriptUrl = (code) => `data:text/javascript;charset=utf-8,${encodeURIComponent(code)}`;

/**
 * Whether a blob: worker starts here and can import a blob: module. WebKit refuses blob: workers in an opaque-origin
 * frame under COEP ("Refused to load 'blob:null/…' worker because of Cross-Origin-Embedder-Policy"), and blob:
 * imports in a data: worker, but loads data: workers and data: modules; Firefox loads data: modules of Pyodide's size
 * some ten times slower than blob: ones (a fresh interpreter booted in 16 s instead of 0.9 s), so data: is the
 * fallback, not the rule.
 */
function blobWorkersWork(): Promise<boolean> {
  const module = blobUrl('export default 1;');
  const worker = blobUrl(
    `import(${JSON.stringify(module)}).then((m) => postMessage(m.default === 1), () => postMessage(false));`,
  );
  return new Promise<boolean>((resolve) => {
    let w: Worker;
    try {
      w = new Worker(worker);
    } catch {
      resolve(false);
      return;
    }
    const done = (ok: boolean) => {
      clearTimeout(timer);
      w.terminate();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), 10_000);
    w.onmessage = (e) => done(e.data === true);
    w.onerror = () => done(false);
  }).finally(() => {
    URL.revokeObjectURL(worker);
    URL.revokeObjectURL(module);
  });
}
const toApp = (m: FromFrame) => window.parent.postMessage(m, '*');

interface Boot {
  files: PyodideFiles;
  /** The interpreter worker's script. */
  workerUrl: string;
  /** Pyodide's two modules as blob: (or data:) URLs, made once (no 1.3 MB string copied per interpreter with blob:). */
  pyodideUrl: string;
  asmUrl: string;
  module: WebAssembly.Module;
  snapshot: Uint8Array | null;
}

function spawn(b: Boot): WorkerLike {
  const w = new Worker(b.workerUrl, { name: 'python-interpreter' });
  // The worker's own copies, transferred: one copy per interpreter instead of a structured clone's two, and none for
  // the snapshot when a booted interpreter has handed one back.
  const stdlib = b.files.stdlib.slice(0);
  const snapshot = b.snapshot ? (returnedSnapshots.pop() ?? b.snapshot.slice()) : null;
  const message: ToInterpreter = {
    type: 'boot',
    pyodideUrl: b.pyodideUrl,
    asmUrl: b.asmUrl,
    stdlib,
    lock: b.files.lock,
    module: b.module,
    snapshot,
  };
  w.postMessage(message, snapshot ? [stdlib, snapshot.buffer] : [stdlib]);
  // A Worker is a WorkerLike; its handler types name DOM events, which the pool's (Node-tested) types do not.
  return w as unknown as WorkerLike;
}

/** Boots one interpreter cold, has it snapshot its memory, and throws it away. */
function makeSnapshot(b: Boot): Promise<Extract<FromInterpreterBoot, { type: 'snapshot' }>> {
  const w = spawn(b);
  return new Promise<Extract<FromInterpreterBoot, { type: 'snapshot' }>>((resolve, reject) => {
    w.onmessage = (e) => {
      const d = e.data as FromInterpreterBoot;
      if (d.type === 'snapshot') resolve(d);
      else reject(new SandboxBrokenError(`Pyodide did not start: ${d.type === 'boot-failed' ? d.message : d.type}`));
    };
    w.onerror = (e) => reject(new SandboxBrokenError(`Pyodide did not start: ${e.message || 'worker error'}`));
  }).finally(() => w.terminate());
}

let pool: InterpreterPool | null = null;
/** Which runtime this frame's pool runs (a frame runs one language). */
let runtime: 'pyodide' | 'quickjs' | 'wasmoon' = 'pyodide';
/** How long past the limit a QuickJS or Lua worker may take to report its own interrupt before the frame ends it, ms. */
const INTERRUPT_GRACE_MS = 500;
/** Snapshot buffers that booted interpreters handed back before running anything, ready for the next boot. */
const returnedSnapshots: Uint8Array[] = [];

async function init(files: PyodideFiles, spares: number): Promise<SandboxInfo> {
  const started = performance.now();
  const module = await WebAssembly.compile(files.wasm);
  const scriptUrl = (await blobWorkersWork()) ? blobUrl : dataUrl;
  const urls = {
    workerUrl: scriptUrl(INTERPRETER_WORKER_CODE),
    pyodideUrl: scriptUrl(files.pyodideMjs),
    asmUrl: scriptUrl(files.asmMjs),
  };
  const snap = await makeSnapshot({ files, ...urls, module, snapshot: null });
  const boot: Boot = { files, ...urls, module, snapshot: snap.bytes };
  pool = new InterpreterPool({
    spawn: () => spawn(boot),
    spares,
    onBooted: (data) => {
      const back = (data as { snapshot?: unknown }).snapshot;
      if (back instanceof Uint8Array && back.byteLength === snap.bytes.byteLength && returnedSnapshots.length < spares)
        returnedSnapshots.push(back);
    },
  });
  await pool.idle();
  return {
    pyodideVersion: snap.pyodideVersion,
    pythonVersion: snap.pythonVersion,
    loadMs: performance.now() - started,
    snapshotBytes: snap.bytes.byteLength,
    bootMs: median(pool.bootMs),
    spares,
  };
}

/**
 * A runtime whose wasm the frame compiles once and whose every program gets a fresh worker that instantiates it
 * (QuickJS, wasmoon): the pool, and what setting it up cost.
 */
async function poolOfFreshWorkers(
  wasm: ArrayBuffer,
  spares: number,
  workerCode: string,
  name: string,
): Promise<{ loadMs: number; bootMs: number }> {
  const started = performance.now();
  const module = await WebAssembly.compile(wasm);
  const workerUrl = ((await blobWorkersWork()) ? blobUrl : dataUrl)(workerCode);
  pool = new InterpreterPool({
    spawn: () => {
      const w = new Worker(workerUrl, { name });
      w.postMessage({ type: 'boot', module } satisfies ToJsInterpreter & ToLuaInterpreter);
      return w as unknown as WorkerLike;
    },
    spares,
  });
  await pool.idle();
  return { loadMs: performance.now() - started, bootMs: median(pool.bootMs) };
}

/** JavaScript or TypeScript in QuickJS (TypeScript's worker also carries the transpiler). */
async function initQuickJs(wasm: ArrayBuffer, spares: number, dialect: QuickJsDialect): Promise<JsSandboxInfo> {
  runtime = 'quickjs';
  const ts = dialect === 'typescript';
  const cost = await poolOfFreshWorkers(
    wasm,
    spares,
    ts ? TS_INTERPRETER_WORKER_CODE : JS_INTERPRETER_WORKER_CODE,
    ts ? 'ts-interpreter' : 'js-interpreter',
  );
  return {
    runtime: 'quickjs',
    version: QUICKJS_VERSION,
    dialect,
    transpiler: ts ? { ...TS_TRANSPILER } : null,
    ...cost,
    spares,
    memoryLimitBytes: JS_MEMORY_LIMIT_BYTES,
    stackLimitBytes: JS_STACK_LIMIT_BYTES,
  };
}

/** Lua in wasmoon. */
async function initLua(wasm: ArrayBuffer, spares: number): Promise<LuaSandboxInfo> {
  runtime = 'wasmoon';
  const cost = await poolOfFreshWorkers(wasm, spares, LUA_INTERPRETER_WORKER_CODE, 'lua-interpreter');
  return { runtime: 'wasmoon', version: LUA_RUNTIME_VERSION, ...cost, spares, memoryLimitBytes: LUA_MEMORY_LIMIT_BYTES };
}

window.addEventListener('message', (e: MessageEvent<ToFrame>) => {
  // Only the page that embeds this frame gives it work.
  if (e.source !== window.parent) return;
  const m = e.data;
  if (m?.type === 'ping') toApp({ type: 'pong', seq: Number(m.seq) | 0 });
  else if (m?.type === 'init' && !pool) {
    init(m.files, m.spares).then(
      (info) => toApp({ type: 'ready', info }),
      (err: unknown) => toApp({ type: 'failed', message: String((err as Error)?.message ?? err) }),
    );
  } else if (m?.type === 'init-quickjs' && !pool) {
    initQuickJs(m.wasm, m.spares, m.dialect === 'typescript' ? 'typescript' : 'javascript').then(
      (info) => toApp({ type: 'ready-quickjs', info }),
      (err: unknown) => toApp({ type: 'failed', message: String((err as Error)?.message ?? err) }),
    );
  } else if (m?.type === 'init-lua' && !pool) {
    initLua(m.wasm, m.spares).then(
      (info) => toApp({ type: 'ready-lua', info }),
      (err: unknown) => toApp({ type: 'failed', message: String((err as Error)?.message ?? err) }),
    );
  } else if (m?.type === 'run' && pool) {
    const p = pool;
    const ms = Number(m.timeoutMs);
    // QuickJS and wasmoon stop their own program at the limit (an interrupt handler, a count hook) and say so; the frame ends the worker a
    // moment later only if that did not happen (a program stuck where the interrupt is not checked).
    const frameMs = runtime === 'pyodide' ? ms : ms + INTERRUPT_GRACE_MS;
    p.run(String(m.program), frameMs, m.quiet === true, { timeoutMs: ms, outputFails: m.outputFails === true }).then(
      (run) => toApp({ type: 'result', id: m.id, run, interpreters: p.started }),
      (err: unknown) => toApp({ type: 'failed', message: String((err as Error)?.message ?? err) }),
    );
  }
});

toApp({ type: 'hello' });
