// Main-thread bridge to the Python sandbox worker: loads it once, runs programs under a time limit, and terminates
// the worker when a program runs too long or the interpreter breaks (the next program gets a fresh one).
import { wrap, type Remote } from 'comlink';
import type { ProgramRun } from '../../workers/sandbox/python-runner.ts';
import type { SandboxApi } from '../../workers/sandbox/python-sandbox.worker.ts';
import type { SandboxInfo } from '../../workers/sandbox/python-sandbox-api.ts';

export type SandboxOutcome = ProgramRun['outcome'] | 'timeout';

export interface SandboxRun extends Omit<ProgramRun, 'outcome'> {
  outcome: SandboxOutcome;
}

/** Where Pyodide's files are served: /pyodide/ on our own origin (copied from the npm package at build). */
export const PYODIDE_URL = new URL('pyodide/', new URL(import.meta.env.BASE_URL, window.location.href)).href;

export class PythonSandbox {
  private worker: Worker | null = null;
  private api: Remote<SandboxApi> | null = null;
  private info: Promise<SandboxInfo> | null = null;
  /** Workers started so far (a timeout or a broken interpreter costs one). */
  starts = 0;

  /** Starts the worker and loads Pyodide, once; later calls wait for the same load. */
  ready(): Promise<SandboxInfo> {
    if (!this.info) {
      this.worker = new Worker(new URL('../../workers/sandbox/python-sandbox.worker.ts', import.meta.url), {
        type: 'module',
        name: 'python-sandbox',
      });
      this.api = wrap<SandboxApi>(this.worker);
      this.starts++;
      const failed = new Promise<never>((_, reject) => {
        if (this.worker)
          this.worker.onerror = (e) => reject(new Error(`the Python sandbox could not start: ${e.message || 'worker error'}`));
      });
      this.info = Promise.race([this.api.init(PYODIDE_URL), failed]).catch((err: unknown) => {
        this.terminate();
        throw err;
      });
    }
    return this.info;
  }

  /** Runs `program`; past `timeoutMs` (loading not counted) the worker is terminated and the outcome is 'timeout'. */
  async run(program: string, timeoutMs: number): Promise<SandboxRun> {
    await this.ready();
    const api = this.api as Remote<SandboxApi>;
    const started = performance.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
    const crashed = new Promise<'crashed'>((resolve) => {
      if (this.worker) this.worker.onerror = () => resolve('crashed');
    });
    try {
      const r = await Promise.race([api.run(program), timedOut, crashed]);
      const ms = performance.now() - started;
      if (r === 'timeout' || r === 'crashed') {
        this.terminate();
        return r === 'timeout'
          ? {
              outcome: 'timeout',
              errorType: null,
              message: `no result within ${(timeoutMs / 1000).toFixed(1)} s: stopped`,
              stdout: '',
              ms,
            }
          : {
              outcome: 'error',
              errorType: 'SandboxCrash',
              message: 'the sandbox worker crashed (out of memory?)',
              stdout: '',
              ms,
            };
      }
      // A wasm-level failure leaves the interpreter unusable: start a fresh one for the next program.
      if (r.outcome === 'error' && /fatal error|Aborted\(/i.test(r.message ?? '')) this.terminate();
      return r;
    } finally {
      clearTimeout(timer);
    }
  }

  terminate(): void {
    this.worker?.terminate();
    this.worker = null;
    this.api = null;
    this.info = null;
  }
}
