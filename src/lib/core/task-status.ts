// The states of a page's long task (main thread, types only), and what another page may ask of the Benchmark page's
// run: the rooms page runs a room's plan through it without importing that page's code.
import type { RunPlan } from '../../shared/run-plan.ts';
import type { RunResult } from '../../shared/run-result.ts';
import type { ProgressView } from '../ui/run-progress.ts';

/** Where a long task is: not started, running, finished, failed, or stopped by the person. */
export type TaskStatus = 'idle' | 'running' | 'done' | 'error' | 'cancelled';

/** A task's error as comlink carries it: the error class's fixed name and a message a person can act on. */
export interface TaskError {
  name: string;
  message: string;
}

/** A benchmark run that another page can drive: set the plan, run it, read the result. */
export interface BenchmarkRunner {
  plan: RunPlan;
  readonly status: TaskStatus;
  readonly progress: ProgressView;
  readonly result: RunResult | null;
  readonly error: TaskError | null;
  run(): Promise<void>;
  cancel(): void;
}
