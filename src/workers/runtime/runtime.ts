// The interface every inference runtime implements in the worker: onnxruntime-web sessions, transformers.js
// classifiers and transformers.js generators.
import type { RuntimeInfo } from '../../shared/contracts/model.ts';
import type { TimedRuns } from '../../bench/protocol.ts';
import type { HostFeeds } from '../inputs/inputs.ts';
import type { ProfileSection } from '../../shared/profile.ts';

export interface Logits {
  data: Float32Array;
  width: number;
}

export interface ModelRuntime {
  readonly info: RuntimeInfo;
  /** Hands over the feeds for one batch size; converted once, reused by every timed run. */
  setFeeds(batchSize: number, feeds: HostFeeds): void;
  /**
   * Times `count` runs at `batchSize`, each from submit to outputs read back on the CPU, in ms; a generator's run is
   * a whole generate() call and also reports its time to first token.
   */
  measure(batchSize: number, count: number): Promise<Float64Array | TimedRuns>;
  /**
   * Runs `feeds` once and returns the classifier's logits [batch, width] on the CPU, for accuracy evaluation;
   * absent on generators.
   */
  logits?(feeds: HostFeeds): Promise<Logits>;
  /** The profiled pass (onnxruntime-web sessions): per-node times per batch size, from a session of its own. */
  profile?(batches: readonly number[]): Promise<{ section: ProfileSection; trace: string | null }>;
  /** The class names in output order, when the model says (its config's id2label). */
  readonly labels?: string[] | null;
  /** True once the GPU device was lost. */
  readonly deviceLost: boolean;
  dispose(): Promise<void>;
}
