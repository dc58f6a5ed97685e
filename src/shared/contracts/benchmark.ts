// The Benchmark page's worker contract (types only, any thread): a latency run of one model over batch sizes, its
// progress and its raw output. src/workers/inference-api.ts implements it; the page imports it and the client only.
import type { GenerationSettings, ProtocolSettings } from '../run-plan.ts';
import type { InputSummary } from '../run-result.ts';
import type { ModelProvenance } from '../operators.ts';
import type { Language } from '../snippets.ts';
import type { ProtocolProgress, RawMeasurements } from './measurement.ts';
import type { DownloadProgress, FileProgress, ModelLocation, ModelSource, Padding, RuntimeInfo } from './model.ts';

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
  /** Same-origin files this worker loaded (its resource timing: the model, the runtime's scripts and wasm), so the
   *  page can ask the service worker to keep them when the worker started before the service worker controlled it. */
  loadedUrls: string[];
}
