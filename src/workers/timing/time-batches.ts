// The one timing loop of the inference worker: every feature that times a model (the benchmark, the accuracy page's
// latency, the split heads, the operators lab's interleaved variants) runs the sampling protocol through here, so a
// change to how runs are timed reaches all of them. Progress is thinned to two updates a second.
import { runProtocol, type Measure } from '../../bench/protocol.ts';
import type { ProtocolProgress, RawMeasurements } from '../../shared/contracts/measurement.ts';
import type { ProtocolSettings } from '../../shared/run-plan.ts';
import { throttleProgress } from './progress-throttle.ts';

export interface TimeOptions {
  /**
   * A lost GPU device ends the run with the batch sizes already measured (a partial result, flagged) instead of
   * failing it: right where the batch sizes stand on their own (a benchmark curve, lab variants), wrong where one
   * figure is the whole answer (one split head, the accuracy page's one batch size).
   */
  partialOnDeviceLoss: boolean;
}

const isDeviceLost = (err: unknown) => err instanceof Error && err.name === 'DeviceLostError';

/** Times `measure` at each batch size with the sampling protocol, reporting throttled progress. */
export function timeBatches(
  measure: Measure,
  batches: readonly number[],
  protocol: ProtocolSettings,
  onProgress: (p: ProtocolProgress) => void | Promise<void>,
  options: TimeOptions,
): Promise<RawMeasurements> {
  return runProtocol(
    measure,
    batches,
    protocol,
    throttleProgress(onProgress),
    options.partialOnDeviceLoss ? { interruptedBy: isDeviceLost } : {},
  );
}
