// The Python sandbox (main thread): a sandbox frame (sandbox-frame-client.ts) running Pyodide. This side fetches
// Pyodide's files from our own origin and hands them over. See docs/sandbox.md for what this does and does not
// guarantee.
import { SandboxError } from '../../shared/errors.ts';
import type { PyodideFiles, SandboxInfo } from '../../shared/contracts/sandbox.ts';
import { CALIBRATION_PROGRAM, CALIBRATION_RUNS, REFERENCE_CALIBRATION_MS } from '../../bench/code-eval/time-limit.ts';
import { FrameSandbox, INIT_MS, SPARES, type FrameStart } from './sandbox-frame-client.ts';

export { FRAME_URL } from './sandbox-frame-client.ts';

const base = new URL(import.meta.env.BASE_URL, window.location.href);
/** Where Pyodide's files are served: /pyodide/ on our own origin (copied from the npm package at build). */
export const PYODIDE_URL = new URL('pyodide/', base).href;

async function fetchPyodide(): Promise<PyodideFiles> {
  const get = async (name: string) => {
    const r = await fetch(new URL(name, PYODIDE_URL)).catch((err: unknown) => {
      throw new SandboxError(`could not load Pyodide's ${name} from this site: ${(err as Error).message}`);
    });
    if (!r.ok) throw new SandboxError(`could not load Pyodide's ${name} from this site: HTTP ${r.status}`);
    return r;
  };
  const [pyodideMjs, asmMjs, wasm, stdlib, lock] = await Promise.all([
    get('pyodide.mjs').then((r) => r.text()),
    get('pyodide.asm.mjs').then((r) => r.text()),
    get('pyodide.asm.wasm').then((r) => r.arrayBuffer()),
    get('python_stdlib.zip').then((r) => r.arrayBuffer()),
    get('pyodide-lock.json').then((r) => r.text()),
  ]);
  return { pyodideMjs, asmMjs, wasm, stdlib, lock };
}

export class PythonSandbox extends FrameSandbox<SandboxInfo> {
  protected readonly label = { title: 'Python sandbox', testid: 'python-sandbox-frame' };
  protected readonly calibrationProgram = {
    program: CALIBRATION_PROGRAM,
    referenceMs: REFERENCE_CALIBRATION_MS,
    runs: CALIBRATION_RUNS,
  };

  protected fetchFiles(): Promise<PyodideFiles> {
    return fetchPyodide();
  }

  protected async init(files: unknown, start: FrameStart): Promise<SandboxInfo> {
    const f = files as PyodideFiles;
    const ready = start.expect((m) => m.type === 'ready' || m.type === 'failed', INIT_MS, 'the sandbox did not start');
    start.post({ type: 'init', files: f, spares: SPARES }, [f.wasm, f.stdlib]);
    const m = await ready;
    if (m.type !== 'ready') throw new SandboxError(`the sandbox did not start: ${m.type === 'failed' ? m.message : m.type}`);
    return m.info;
  }
}
