// Fresh Python interpreters, one per program (sandbox frame's main thread; unit-tested in Node with fake workers).
// Spares boot from the memory snapshot ahead of time; a program gets one that has run nothing, and that interpreter
// is terminated after its first message, its death or its time limit, whichever comes first. Only a report that
// parses is believed, and only from the interpreter that ran the program; its duration is the frame's clock.
import { SandboxBrokenError } from '../shared/errors.ts';
import { parseProgramReport, type SandboxRun } from '../shared/contracts/sandbox.ts';

/** The part of a Worker the pool uses (a fake in tests; typed without DOM names so Node tests compile). */
export interface WorkerLike {
  postMessage(message: unknown): void;
  terminate(): void;
  onmessage: ((e: { data: unknown }) => void) | null;
  onerror: ((e: { message: string }) => void) | null;
  onmessageerror: ((e: unknown) => void) | null;
}

export interface PoolOptions {
  /** Starts a worker and sends it its boot message. */
  spawn: () => WorkerLike;
  /** Interpreters kept booted ahead of the next program. */
  spares: number;
  /** Sees each interpreter's 'booted' message (sent before any program runs). */
  onBooted?: (data: unknown) => void;
  now?: () => number;
}

interface Spare {
  worker: WorkerLike;
  booted: Promise<number>;
}

const BOOT_ATTEMPTS = 2;

export class InterpreterPool {
  /** Interpreters started so far. */
  started = 0;
  /** Boot times of the spares, ms (worker's own clock, from its 'booted' message). */
  readonly bootMs: number[] = [];
  private readonly spares: Spare[] = [];
  private queue: Promise<unknown> = Promise.resolve();
  private readonly now: () => number;

  constructor(private readonly opts: PoolOptions) {
    this.now = opts.now ?? (() => performance.now());
  }

  /** Starts spares until `spares` are booting or booted. */
  fill(): void {
    while (this.spares.length < this.opts.spares) this.spares.push(this.startOne());
  }

  /** Resolves when every spare has booted (or one failed). */
  async idle(): Promise<void> {
    this.fill();
    await Promise.all(this.spares.map((s) => s.booted));
  }

  private startOne(): Spare {
    const worker = this.opts.spawn();
    this.started++;
    const booted = new Promise<number>((resolve, reject) => {
      worker.onmessage = (e) => {
        const d = e.data as { type?: unknown; ms?: unknown; message?: unknown };
        if (d?.type === 'booted' && typeof d.ms === 'number') {
          this.bootMs.push(d.ms);
          this.opts.onBooted?.(e.data);
          resolve(d.ms);
        } else reject(new SandboxBrokenError(`a fresh interpreter did not boot: ${String(d?.message ?? d?.type).slice(0, 300)}`));
      };
      worker.onerror = (e) => reject(new SandboxBrokenError(`a fresh interpreter did not boot: ${e.message || 'worker error'}`));
      worker.onmessageerror = () => reject(new SandboxBrokenError('a fresh interpreter did not boot: unreadable message'));
    });
    booted.catch(() => worker.terminate());
    return { worker, booted };
  }

  /** A booted interpreter that has run nothing; a replacement starts booting at once. */
  private async take(quiet: boolean): Promise<WorkerLike> {
    for (let attempt = 1; ; attempt++) {
      this.fill();
      const spare = this.spares.shift() as Spare;
      if (!quiet) this.fill();
      try {
        await spare.booted;
        return spare.worker;
      } catch (err) {
        if (attempt >= BOOT_ATTEMPTS) throw err;
      }
    }
  }

  /** Runs `program` in a fresh interpreter; programs run one at a time, in the order given. A quiet run waits for
   *  every spare to boot and lets none boot while it runs, so nothing competes with it for the CPU. `extra` goes
   *  into the run message beside the program. */
  run(program: string, timeoutMs: number, quiet = false, extra: Record<string, unknown> = {}): Promise<SandboxRun> {
    const result = this.queue.then(() => this.runNow(program, timeoutMs, quiet, extra));
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async runNow(program: string, timeoutMs: number, quiet: boolean, extra: Record<string, unknown>): Promise<SandboxRun> {
    if (quiet) await this.idle();
    const worker = await this.take(quiet);
    const started = this.now();
    return new Promise<SandboxRun>((resolve) => {
      let done = false;
      const finish = (r: Omit<SandboxRun, 'ms'>) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        worker.onmessage = worker.onerror = worker.onmessageerror = null;
        worker.terminate();
        resolve({ ...r, ms: this.now() - started });
        if (quiet) this.fill();
      };
      const crash = (message: string, errorType: string) => finish({ outcome: 'crash', errorType, message, stdout: '' });
      const timer = setTimeout(
        () =>
          finish({
            outcome: 'timeout',
            errorType: null,
            message: `no result within ${(timeoutMs / 1000).toFixed(1)} s: stopped`,
            stdout: '',
          }),
        timeoutMs,
      );
      worker.onmessage = (e) => {
        const report = parseProgramReport(e.data);
        if (report) finish(report);
        else crash('the interpreter sent something other than its report', 'InvalidReport');
      };
      worker.onerror = (e) => crash(`the interpreter died: ${(e.message || 'worker error').slice(0, 400)}`, 'InterpreterDied');
      worker.onmessageerror = () => crash('the interpreter sent an unreadable message', 'InvalidReport');
      // extra: what the runtime needs beside the program (QuickJS: its own time limit, the output rule).
      worker.postMessage({ ...extra, type: 'run', program });
    });
  }

  /** Terminates every spare. */
  dispose(): void {
    for (const s of this.spares.splice(0)) s.worker.terminate();
  }
}
