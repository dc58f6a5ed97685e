// What a timed run reports (types only, any thread): the sampling protocol's progress and its raw samples, as the
// inference worker sends them to the page. src/bench/protocol.ts produces them; src/bench/analyze.ts reads them.

export interface ProtocolProgress {
  phase: 'warmup' | 'sampling';
  batchSize: number;
  round: number;
  /** Samples so far per batch size, in plan order. */
  samples: number[];
  /** Running median per batch size (null before its first sample) and whether its sampling has ended. */
  live: { batchSize: number; medianMs: number | null; done: boolean }[];
  /** Batch sizes whose sampling has ended. */
  finished: number;
  total: number;
  /** Rough completion in [0, 1]. */
  fraction: number;
}

/** Why a batch size's sampling ended: its interval reached the target, or it hit the time cap or the sample cap. */
export type StopReason = 'target' | 'time-cap' | 'sample-cap';

export interface RawPoint {
  batchSize: number;
  samplesMs: number[];
  /** Time to first token of each sample, in the same order (generators only; empty otherwise). */
  firstTokenMs: number[];
  /** Samples of a first pass that drifted, discarded before the point was measured again. */
  discardedMs: number[];
  /** Samples of each visit, in order. */
  visits: number[][];
  stoppedBy: StopReason;
}

export interface RawWarmup {
  batchSize: number;
  firstRunMs: number;
  runsMs: number[];
  settled: boolean;
}

export interface RawMeasurements {
  warmup: RawWarmup[];
  points: RawPoint[];
  /** Set when measuring stopped early (the GPU device was lost): `points` then holds only the batch sizes whose
   *  sampling had ended, in plan order, and the result is partial. */
  interrupted?: { batchSize: number; reason: string };
}
