// One worker-backed run's lifecycle (main thread): the client it runs on, how the run ends, cancelling it.
import { CancelledError, describeError } from '../../shared/errors.ts';

export interface DescribedError {
  name: string;
  message: string;
}

export type RunOutcome = { status: 'done' } | { status: 'cancelled' } | { status: 'error'; error: DescribedError };

/** How a run that threw ends: cancelled when the person cancelled it, otherwise an error described for the page. */
export function outcomeOf(err: unknown): RunOutcome {
  return err instanceof CancelledError ? { status: 'cancelled' } : { status: 'error', error: describeError(err) };
}

/** A worker client: cancel() terminates its worker, so what runs on it rejects with CancelledError. */
export interface Cancellable {
  cancel(): void;
}

/** Owns a controller's worker client (an InferenceClient): runs bodies on it and cancels them. */
export class RunSession<C extends Cancellable> {
  constructor(readonly client: C) {}

  /**
   * Runs `body` and says how it ended; it never throws. After an error the worker is dropped, since a failed worker
   * may hold a broken session or a lost device: the next run starts a fresh one.
   */
  async run(body: (client: C) => Promise<void>): Promise<RunOutcome> {
    try {
      await body(this.client);
      return { status: 'done' };
    } catch (err) {
      const outcome = outcomeOf(err);
      if (outcome.status === 'error') this.client.cancel();
      return outcome;
    }
  }

  /** Stops the running body (it ends 'cancelled') by terminating the worker. */
  cancel(): void {
    this.client.cancel();
  }
}
