// A page's long task on a worker (main thread): its status, error and progress as private state behind getters, one
// run at a time, cancel. Page controllers extend it, so the lifecycle is written once; only its methods write it.
import type { ProgressView } from '../ui/run-progress.ts';
import { RunSession, type Cancellable, type RunOutcome } from './run-session.ts';
import type { TaskError, TaskStatus } from './task-status.ts';

export const IDLE_PROGRESS: ProgressView = { fraction: null, label: '' };

export class Task<C extends Cancellable, P extends ProgressView = ProgressView> {
  #status = $state<TaskStatus>('idle');
  #error = $state.raw<TaskError | null>(null);
  #progress: P = $state.raw<P>() as P;
  readonly #idle: P;
  readonly #session: RunSession<C>;

  /** True while a run is under way (the page disables its start button). */
  readonly running = $derived(this.#status === 'running');

  /** `idle` is the progress shown before the first run (a controller with a richer progress gives its own). */
  constructor(client: C, idle: P = IDLE_PROGRESS as P) {
    this.#session = new RunSession(client);
    this.#idle = idle;
    this.#progress = idle;
  }

  get status(): TaskStatus {
    return this.#status;
  }

  get error(): TaskError | null {
    return this.#error;
  }

  get progress(): P {
    return this.#progress;
  }

  /** Stops the running task (it ends 'cancelled') by terminating its worker. */
  cancel(): void {
    this.#session.cancel();
  }

  /** Back to 'idle' with no error or progress (a page showing another run); ignored while a run is under way. */
  protected resetTask(): void {
    if (this.#status === 'running') return;
    this.#status = 'idle';
    this.#error = null;
    this.#progress = this.#idle;
  }

  /**
   * Runs `body` on the worker client unless a run is under way (then null): status 'running', error cleared, then
   * the outcome's status and error. `report` updates the progress the page shows.
   */
  protected async runTask(body: (client: C, report: (p: P) => void) => Promise<void>): Promise<RunOutcome | null> {
    if (this.#status === 'running') return null;
    this.#status = 'running';
    this.#error = null;
    this.#progress = { ...this.#idle, fraction: 0, label: 'starting' };
    const outcome = await this.#session.run((client) => body(client, (p) => (this.#progress = p)));
    this.#status = outcome.status;
    this.#error = outcome.status === 'error' ? outcome.error : null;
    return outcome;
  }
}
