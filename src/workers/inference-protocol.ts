// The inference worker's contract (types only, any thread): what the page asks the worker for, the progress it
// reports and what comes back, for benchmarks, accuracy evaluation, completions (pass@k) and split measurement.
// The page imports these types and nothing else from src/workers; inference-api.ts implements them.
import type { ProtocolProgress, RawMeasurements } from '../bench/protocol.ts';
import type { Dtype } from '../shared/catalog.ts';
import type { OrtBuild } from '../shared/ort-build.ts';
import type { Backend, GenerationSettings, ProtocolSettings } from '../shared/run-plan.ts';
import type { InputSummary, PointStats } from '../shared/run-result.ts';
import type { Language } from '../shared/snippets.ts';
import type { ModelProvenance, OperatorReport, OperatorSpec } from '../shared/operators.ts';
import type { Padding } from './inputs.ts';
import type { DownloadProgress } from './model-fetch.ts';
import type { RuntimeInfo } from './runtime.ts';
import type { OutputAgreement } from '../bench/accuracy/agreement.ts';
import type { Completions, FileProgress, ModelLocation, SamplingSettings } from './transformers/transformers-types.ts';

export type { Completions, SamplingSettings };

export interface WorkerProbe {
  crossOriginIsolated: boolean;
  hardwareConcurrency: number;
  deviceMemoryGb: number | null;
  timerResolutionMs: number;
  threadsRequested: number;
  /** Threads ORT will use: the request when isolated, else 1. */
  threads: number;
  /** The onnxruntime-web build this worker loaded for its backend. */
  ortBuild: OrtBuild;
}

/** What to load and with which runtime: an ONNX file for onnxruntime-web, or a model folder for transformers.js. */
export type ModelSource =
  | { runtime: 'onnxruntime-web'; file: { url: string } | { bytes: Uint8Array; name: string } }
  | { runtime: 'transformers.js'; location: ModelLocation; dtype: Dtype };

export interface BenchmarkRequest {
  model: ModelSource;
  label: string;
  backend: 'wasm' | 'webgpu';
  batches: number[];
  seq: number;
  language: Language | 'mixed';
  padding: Padding;
  /** The model whose tokenizer turns the snippets (or prompts) into ids; null for synthetic inputs. */
  tokenizer: ModelLocation | null;
  protocol: ProtocolSettings;
  /** Set for generators (transformers.js only): the run times generate() calls on code-completion prompts. */
  generation: GenerationSettings | null;
}

export type BenchmarkProgress =
  | { phase: 'download'; progress: DownloadProgress }
  | { phase: 'files'; files: FileProgress[] }
  | { phase: 'session' }
  | { phase: 'inputs' }
  | { phase: 'protocol'; progress: ProtocolProgress };

export interface BenchmarkOutput {
  runtime: RuntimeInfo;
  fileBytes: number;
  fetchMs: number;
  inputs: InputSummary;
  /** What each batch size fed the model, keyed by batch size. */
  pointInputs: Record<number, InputSummary>;
  raw: RawMeasurements;
  deviceLost: boolean;
  /** The operators lab's record in the file's metadata, when it has one. */
  provenance: ModelProvenance | null;
}

export interface CompletionRequest {
  location: ModelLocation;
  dtype: Dtype;
  backend: Backend;
  prompts: string[];
  sampling: SamplingSettings;
}

export type CompletionProgress = { phase: 'files'; files: FileProgress[] } | { phase: 'generate'; done: number; total: number };

export interface CompletionOutput {
  runtime: RuntimeInfo;
  perPrompt: Completions[];
  deviceLost: boolean;
}

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

export type EvaluateProgress = BenchmarkProgress | { phase: 'evaluate'; done: number; total: number };

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

export interface SplitRequest {
  /** The ONNX file: a URL, or the bytes of a file from this device. */
  file: { url: string } | { bytes: Uint8Array; name: string };
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

/** One variant the operators lab builds: operators applied in order to the base model or its distilled student. */
export interface LabVariantSpec {
  id: string;
  label: string;
  /** The base model, its distilled student, or a model the person brought (a QAT export, say). */
  from: 'base' | 'student' | 'extra';
  operators: OperatorSpec[];
}

export interface OperatorsRequest {
  /** The base (fp32) model: a URL, or the bytes of a file from this device. */
  base: { url: string } | { bytes: Uint8Array; name: string };
  label: string;
  /** The distilled student's fp32 file, when the base has one in the catalog. */
  student: { url: string } | null;
  /** A further model to compare as it is (a QAT export), from this device. */
  extra: { bytes: Uint8Array; name: string } | null;
  backend: Backend;
  batches: number[];
  seq: number;
  /** The tokenizer for the labelled texts and the calibration snippets; null runs synthetic ids (no accuracy). */
  tokenizer: ModelLocation | null;
  /** The labelled evaluation texts (logits come back in this order). */
  texts: string[];
  protocol: ProtocolSettings;
  variants: LabVariantSpec[];
}

export type OperatorsProgress =
  | { phase: 'download'; progress: DownloadProgress }
  | { phase: 'variant'; index: number; total: number; label: string; step: string; done: number | null; of: number | null };

export interface LabVariantOutput {
  spec: LabVariantSpec;
  /** What each operator did, in order. */
  reports: OperatorReport[];
  /** The variant's ONNX file (to download, or to load on the Benchmark page). */
  bytes: Uint8Array;
  /** Weight values in the file (a 4-bit weight counts once); null when it could not be read. */
  params: number | null;
  /** Row-major logits on the texts ([batch, classes] output: `logits`, else the first); empty when none or failed. */
  logits: Float32Array;
  width: number;
  /** Every float output against the fp32 base's (cosine, max abs difference, argmax where [batch, classes]). */
  outputs: OutputAgreement[];
  raw: RawMeasurements | null;
  runtime: RuntimeInfo | null;
  deviceLost: boolean;
  /** Timed on its own, not interleaved with the others (it did not fit in memory beside them). */
  timedAlone?: boolean;
  /** Why this variant could not be built or run (the others still are); `detail` is the runtime's own words. */
  error: { name: string; message: string; detail?: string } | null;
  buildMs: number;
}

export interface OperatorsOutput {
  variants: LabVariantOutput[];
  inputs: InputSummary | null;
  /** Calibration and evaluation inputs, in words. */
  notes: string[];
}
