// The accuracy page's worker contract (types only, any thread): logits of a classifier on labelled texts, and the
// latency of one batch size on them. src/workers/accuracy/evaluate.ts implements it.
import type { Backend, ProtocolSettings } from '../run-plan.ts';
import type { InputSummary } from '../run-result.ts';
import type { RunProgress } from './benchmark.ts';
import type { RawMeasurements } from './measurement.ts';
import type { ModelLocation, ModelSource, RuntimeInfo } from './model.ts';

export interface EvaluateRequest {
  model: ModelSource;
  label: string;
  backend: Backend;
  /** The evaluation inputs, in order; logits come back in the same order. */
  texts: string[];
  /** Tokens per input at most (longer inputs are truncated, as a deployed classifier would). */
  seq: number;
  /** Inputs per forward pass while collecting logits. */
  evalBatch: number;
  tokenizer: ModelLocation;
  /** Also time this batch size with the sampling protocol, on the evaluation inputs. */
  latency: { batchSize: number; protocol: ProtocolSettings } | null;
}

export type EvaluateProgress = RunProgress | { phase: 'evaluate'; done: number; total: number };

export interface EvaluateOutput {
  runtime: RuntimeInfo;
  fileBytes: number;
  fetchMs: number;
  /** Row-major logits [texts, width]. */
  logits: Float32Array;
  width: number;
  /** Class names from the model's config, when it has them. */
  labels: string[] | null;
  evalMs: number;
  tokenizeMs: number;
  /** Inputs truncated to `seq`. */
  truncated: number;
  latencyInputs: InputSummary | null;
  raw: RawMeasurements | null;
  deviceLost: boolean;
}
