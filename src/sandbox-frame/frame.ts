// The sandbox frame's page script (runs in an iframe sandboxed without allow-same-origin: an opaque origin with no
// access to the app's storage, served with a Content-Security-Policy that allows no connection at all). The app hands
// it Pyodide's files; it compiles the interpreter once, makes a memory snapshot in an interpreter that runs nothing
// untrusted, and then runs each program in a fresh interpreter from that snapshot (interpreter-pool.ts).
import type { FromFrame, FromInterpreterBoot, PyodideFiles, SandboxInfo, ToFrame } from '../shared/sandbox-protocol.ts';
import { median } from '../bench/stats.ts';
import { InterpreterPool, SandboxBrokenError, type WorkerLike } from './interpreter-pool.ts';
import { INTERPRETER_WORKER_CODE } from 'virtual:tierlab-interpreter-worker';

const workerUrl = URL.createObjectURL(new Blob([INTERPRETER_WORKER_CODE], { type: 'text/javascript' }));
const toApp = (m: FromFrame) => window.parent.postMessage(m, '*');

interface Boot {
  files: PyodideFiles;
  module: WebAssembly.Module;
  snapshot: Uint8Array | null;
}

function spawn(b: Boot): WorkerLike {
  const w = new Worker(workerUrl, { name: 'python-interpreter' });
  w.postMessage({
    type: 'boot',
    pyodideMjs: b.files.pyodideMjs,
    asmMjs: b.files.asmMjs,
    stdlib: b.files.stdlib,
    lock: b.files.lock,
    module: b.module,
    snapshot: b.snapshot,
  });
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

async function init(files: PyodideFiles, spares: number): Promise<SandboxInfo> {
  const started = performance.now();
  const module = await WebAssembly.compile(files.wasm);
  const snap = await makeSnapshot({ files, module, snapshot: null });
  const boot: Boot = { files, module, snapshot: snap.bytes };
  pool = new InterpreterPool({ spawn: () => spawn(boot), spares });
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

window.addEventListener('message', (e: MessageEvent<ToFrame>) => {
  // Only the page that embeds this frame gives it work.
  if (e.source !== window.parent) return;
  const m = e.data;
  if (m?.type === 'init' && !pool) {
    init(m.files, m.spares).then(
      (info) => toApp({ type: 'ready', info }),
      (err: unknown) => toApp({ type: 'failed', message: String((err as Error)?.message ?? err) }),
    );
  } else if (m?.type === 'run' && pool) {
    const p = pool;
    p.run(String(m.program), Number(m.timeoutMs), m.quiet === true).then(
      (run) => toApp({ type: 'result', id: m.id, run, interpreters: p.started }),
      (err: unknown) => toApp({ type: 'failed', message: String((err as Error)?.message ?? err) }),
    );
  }
});

toApp({ type: 'hello' });
