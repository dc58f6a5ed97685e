// The validity flags the results service stores and what each means (runs everywhere): the server derives them from
// evidence (src/bench/validity-flags.ts); the app shows them. A result with an excluding flag is kept and shown with
// its reasons, but left out of crowd aggregates by default. docs/measurement.md gives each flag's false-positive rate.

export const VALIDITY_FLAGS = {
  fallbackAdapter: 'WebGPU ran on a software adapter',
  providerFallback: 'the requested execution provider was not the one used',
  backgrounded: 'the tab was hidden during the run (reported by the page)',
  drift: 'latency changed during the run (rank-sum test of the first against the second half of the samples)',
  deviceLost: 'the GPU device was lost: only the batch sizes measured before are here',
  emulated: 'the CPU or network was emulated by a harness',
  zeroVariance: 'a batch size has (nearly) identical samples: a coarse or frozen timer',
  implausibleSpeed: "faster than any browser device could do the model's work",
  deviceMismatch: "the result's browser or OS contradicts the User-Agent of the request that sent it",
  unverified: 'stored before the server verified results (schema version 1): its statistics are the client’s own',
  ciNotReached: 'some batch size’s interval is wider than the target (informational)',
  singleThreaded: 'WASM ran on one thread although more were asked for (informational)',
} as const;
export type ValidityFlag = keyof typeof VALIDITY_FLAGS;

/** Flags that describe a result without making it untrustworthy: such results stay in the crowd aggregates. */
export const INFORMATIONAL_FLAGS: ReadonlySet<ValidityFlag> = new Set(['ciNotReached', 'singleThreaded']);

/** Whether `flags` keep a result out of crowd aggregates by default. */
export function excludesFromAggregates(flags: readonly string[]): boolean {
  return flags.some((f) => !INFORMATIONAL_FLAGS.has(f as ValidityFlag));
}
