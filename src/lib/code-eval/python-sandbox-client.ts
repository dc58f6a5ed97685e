// Main-thread bridge to the Python sandbox: a hidden iframe sandboxed without allow-same-origin (an opaque origin,
// its own Content-Security-Policy: no network at all) that runs each program in a fresh interpreter. This side
// fetches Pyodide's files from our own origin, hands them over, and believes only messages from that frame that
// parse; each program id is answered once. See docs/sandbox.md for what this does and does not guarantee.
import { SandboxError } from '../../shared/errors.ts';
import {
  parseFromFrame,
  type FromFrame,
  type PyodideFiles,
  type SandboxInfo,
  type SandboxRun,
  type ToFrame,
} from '../../shared/contracts/sandbox.ts';
import { CALIBRATION_PROGRAM, CALIBRATION_RUNS, scaleTimeLimit, type TimeCalibration } from '../../bench/code-eval/time-limit.ts';

const base = new URL(import.meta.env.BASE_URL, window.location.href);
/** Where Pyodide's files are served: /pyodide/ on our own origin (copied from the npm package at build). */
export const PYODIDE_URL = new URL('pyodide/', base).href;
/** The sandbox frame's page (built by build/sandbox-frame-build.ts, served with its CSP). */
export const FRAME_URL = new URL('sandbox/frame.html', base).href;

const FRAME_LOAD_MS = 30_000;
const INIT_MS = 180_000;
/** How long past a program's limit the frame may take to answer before it is taken for dead. */
const GRACE_MS = 15_000;
const SPARES = 2;

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

interface Pending {
  resolve: (r: SandboxRun) => void;
  reject: (err: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

export class PythonSandbox {
  /** Fresh interpreters started so far from the snapshot (one per program, plus the spares booted ahead). */
  interpreters = 0;
  private frame: HTMLIFrameElement | null = null;
  private info: Promise<SandboxInfo> | null = null;
  private calibration: Promise<TimeCalibration> | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private onFrameMessage: ((m: FromFrame) => void) | null = null;
  private readonly listener = (e: MessageEvent) => {
    // Only the frame we made, and only messages that parse; anything else is ignored.
    if (!this.frame || e.source !== this.frame.contentWindow) return;
    const m = parseFromFrame(e.data);
    if (m) this.onFrameMessage?.(m);
  };

  /** Creates the frame and sets the interpreters up, once; later calls wait for the same start. */
  ready(): Promise<SandboxInfo> {
    this.info ??= this.start().catch((err: unknown) => {
      this.terminate();
      throw err;
    });
    return this.info;
  }

  private async start(): Promise<SandboxInfo> {
    const frame = document.createElement('iframe');
    frame.setAttribute('sandbox', 'allow-scripts');
    frame.title = 'Python sandbox';
    frame.hidden = true;
    frame.dataset.testid = 'python-sandbox-frame';
    this.frame = frame;
    window.addEventListener('message', this.listener);
    const hello = this.expect((m) => m.type === 'hello', FRAME_LOAD_MS, 'the sandbox frame did not load');
    frame.src = FRAME_URL;
    document.body.append(frame);
    const files = await fetchPyodide();
    await hello;
    const ready = this.expect((m) => m.type === 'ready' || m.type === 'failed', INIT_MS, 'the sandbox did not start');
    this.post({ type: 'init', files, spares: SPARES }, [files.wasm, files.stdlib]);
    const m = await ready;
    if (m.type !== 'ready') throw new SandboxError(`the sandbox did not start: ${m.type === 'failed' ? m.message : m.type}`);
    this.onFrameMessage = (msg) => this.onMessage(msg);
    this.interpreters = SPARES;
    return m.info;
  }

  /** The next frame message that `match`es, within `ms`. */
  private expect(match: (m: FromFrame) => boolean, ms: number, what: string): Promise<FromFrame> {
    return new Promise<FromFrame>((resolve, reject) => {
      const timer = setTimeout(() => reject(new SandboxError(`${what} within ${ms / 1000} s`)), ms);
      this.onFrameMessage = (m) => {
        if (!match(m)) return;
        clearTimeout(timer);
        resolve(m);
      };
    });
  }

  private post(m: ToFrame, transfer: Transferable[] = []): void {
    // The frame is an opaque origin, so there is no origin to name; the message goes to our own frame element only.
    this.frame?.contentWindow?.postMessage(m, '*', transfer);
  }

  private onMessage(m: FromFrame): void {
    if (m.type === 'result') {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      clearTimeout(p.timer);
      this.interpreters = m.interpreters;
      p.resolve(m.run);
    } else if (m.type === 'failed') this.fail(new SandboxError(`the sandbox broke: ${m.message}`));
  }

  private fail(err: Error): void {
    this.terminate(err);
  }

  /** Runs `program` in a fresh interpreter; past `timeoutMs` it is stopped and the outcome is 'timeout'. */
  async run(program: string, timeoutMs: number, quiet = false): Promise<SandboxRun> {
    await this.ready();
    const id = this.nextId++;
    return new Promise<SandboxRun>((resolve, reject) => {
      const timer = setTimeout(() => this.fail(new SandboxError('the sandbox frame stopped answering')), timeoutMs + GRACE_MS);
      this.pending.set(id, { resolve, reject, timer });
      this.post({ type: 'run', id, program, timeoutMs, quiet });
    });
  }

  /** Measures this device's Python speed once per sandbox and scales the reference limit to it. */
  calibrate(referenceLimitS?: number): Promise<TimeCalibration> {
    this.calibration ??= (async () => {
      const runs: number[] = [];
      for (let i = 0; i < CALIBRATION_RUNS; i++) {
        const r = await this.run(CALIBRATION_PROGRAM, 120_000, true);
        if (r.outcome !== 'pass')
          throw new SandboxError(`the calibration program did not pass (${r.outcome}: ${r.message ?? ''})`);
        runs.push(r.ms);
      }
      return scaleTimeLimit(runs);
    })().catch((err: unknown) => {
      this.calibration = null;
      throw err;
    });
    return this.calibration.then((c) =>
      referenceLimitS === undefined ? c : scaleTimeLimit(c.runsMs, referenceLimitS, c.referenceMs),
    );
  }

  /** Removes the frame and every interpreter in it (programs still waiting fail with `reason`); the next call starts
   *  afresh. */
  terminate(reason: Error = new SandboxError('the sandbox was stopped')): void {
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const p of waiting) {
      clearTimeout(p.timer);
      p.reject(reason);
    }
    window.removeEventListener('message', this.listener);
    this.frame?.remove();
    this.frame = null;
    this.info = null;
    this.calibration = null;
    this.onFrameMessage = null;
  }
}
