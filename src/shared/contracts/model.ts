// What every worker feature says about a model (types only, any thread): where its files come from, download
// progress, the runtime a session reports, and the worker's own probe. The other contracts build on these.
import type { Dtype } from '../catalog.ts';
import type { OrtBuild, OrtBuildInfo } from '../ort-build.ts';
import type { Backend } from '../run-plan.ts';
import type { AdapterInfo, Environment, TensorInfo } from '../run-result.ts';

/** Where a model's files (config, tokenizer, ONNX) come from. */
export type ModelLocation =
  { modelId: string; from: 'mirror'; mirrorUrl: string } | { modelId: string; from: 'hub'; hubUrl: string };

/** One ONNX file: a URL, or the bytes of a file from this device. */
export type ModelFile = { url: string } | { bytes: Uint8Array; name: string };

/** What to load and with which runtime: an ONNX file for onnxruntime-web, or a model folder for transformers.js. */
export type ModelSource =
  { runtime: 'onnxruntime-web'; file: ModelFile } | { runtime: 'transformers.js'; location: ModelLocation; dtype: Dtype };

/** How a batch of token ids is padded: to the requested length, or to the batch's longest input. */
export type Padding = 'max-length' | 'longest';

export interface DownloadProgress {
  loaded: number;
  /** Total bytes when the server says (Content-Length), else null. */
  total: number | null;
}

/** One file transformers.js fetches, as it reports it. */
export interface FileProgress {
  file: string;
  loaded: number;
  total: number;
  /** True once transformers.js reports the file done (downloaded, or read from the Cache API). */
  done: boolean;
}

/** What a loaded session reports about itself; every hidden default is explicit here. */
export interface RuntimeInfo {
  inputs: TensorInfo[];
  outputs: TensorInfo[];
  requestedProvider: Backend;
  executionProvider: Backend;
  providerFallback: boolean;
  adapter: AdapterInfo | null;
  sessionOptions: Environment['sessionOptions'];
  sessionCreateMs: number;
  /** onnxruntime-web's one-time start-up in this worker, timed apart before the session (null when unknown). */
  runtimeStartupMs: number | null;
  ortVersion: string;
  /** The onnxruntime-web build this worker loaded and its wasm's size (null before it loaded). */
  ortBuild: OrtBuildInfo | null;
}

/** What the inference worker finds about its own thread before any model loads. */
export interface WorkerProbe {
  crossOriginIsolated: boolean;
  /** Whether this worker could create shared WebAssembly memory (WebKit is isolated yet cannot). */
  sharedMemory: boolean;
  hardwareConcurrency: number;
  deviceMemoryGb: number | null;
  timerResolutionMs: number;
  threadsRequested: number;
  /** Threads ORT will use: the request when isolated, else 1. */
  threads: number;
  /** The onnxruntime-web build this worker loaded for its backend. */
  ortBuild: OrtBuild;
}
