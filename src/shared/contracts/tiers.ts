// The tiers page's split contract (types only, any thread): head latency after each layer boundary of an encoder.
// src/workers/tiers/split-measure.ts implements it.
import type { Backend, ProtocolSettings } from '../run-plan.ts';
import type { InputSummary, PointStats } from '../run-result.ts';
import type { DownloadProgress, ModelFile, ModelLocation, RuntimeInfo } from './model.ts';

export interface SplitRequest {
  /** The ONNX file: a URL, or the bytes of a file from this device. */
  file: ModelFile;
  label: string;
  backend: Backend;
  batch: number;
  seq: number;
  /** The tokenizer for code inputs; null for a file or URL model (synthetic ids within its tables). */
  tokenizer: ModelLocation | null;
  protocol: ProtocolSettings;
}

export type SplitProgress =
  { phase: 'download'; progress: DownloadProgress } | { phase: 'measure'; done: number; total: number; what: string };

export interface SplitOutput {
  /** Encoder layers (attention blocks) in the model. */
  layers: number;
  /** Width of the hidden state crossing the cut. */
  hidden: number;
  /** Head latency after each boundary (layer = layers run here); the last is the whole model. Each keeps the
   *  validity flags of its own measurement (keys of VALIDITY_FLAGS: drift, ciNotReached, deviceLost, fallbackAdapter,
   *  providerFallback), and, for a cut, the largest difference between head-then-tail and the whole model's outputs on
   *  this device, checked before the head was timed. */
  heads: { layer: number; label: string; tensor: string; stats: PointStats; flags: string[]; maxAbsDiff: number | null }[];
  /** What the inputs were (tokenized code or synthetic ids) and the shapes fed. */
  inputs: InputSummary;
  runtime: RuntimeInfo;
  fileBytes: number;
}
