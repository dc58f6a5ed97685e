// The Benchmark page's worker contract (types only, any thread): a latency run of one model over batch sizes, its
// progress and its raw output. src/workers/inference-api.ts implements it; the page imports it and the client only.
import type { EnduranceSettings, GenerationSettings, ProtocolSettings } from '../run-plan.ts';
import type { InputSummary } from '../run-result.ts';
import type { ModelProvenance } from '../operators.ts';
import type { ProfileSection } from '../profile.ts';
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
  /** Set for an endurance run: after the protocol, this batch size runs without pause (then idles, for A-then-idle). */
  endurance: EnduranceSettings | null;
  /** Run a separate, profiled pass per batch size after the timed samples (RunResult.profile). */
  profile: boolean;
}

/** One window of an endurance series as the worker counts it (ms from the series' start on the worker's clock). */
export interface EnduranceWindowRaw {
  phase: 'A' | 'B';
  startMs: number;
  endMs: number;
  items: number;
}

/** Progress of loading a model and timing it (shared by every page that runs the protocol). */
export type RunProgress =
  | { phase: 'download'; progress: DownloadProgress }
  | { phase: 'files'; files: FileProgress[] }
  | { phase: 'session' }
  | { phase: 'inputs' }
  | { phase: 'protocol'; progress: ProtocolProgress };

export type BenchmarkProgress =
  | RunProgress
  /** The protocol is done: the worker waits until the page has started recording (wake lock, battery) to go on. */
  | { phase: 'endurance-ready' }
  /** A finished endurance window: the page answers true to end the series there. */
  | { phase: 'endurance'; window: EnduranceWindowRaw; totalMs: number }
  /** The timed samples are done: the profiled pass runs. */
  | { phase: 'profile' };

/** What the page answers a progress message: true ends an endurance series. */
export type BenchmarkProgressReply = void | boolean | Promise<void | boolean>;

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
  /** The endurance series, when the plan asked for one: its windows and how it ended. */
  endurance: { windows: EnduranceWindowRaw[]; ended: 'complete' | 'stopped' } | null;
  /** The profiled pass, when the plan asked for one and it ran, with onnxruntime's own trace (a Chrome trace JSON
   *  array, for Perfetto; null past MAX_TRACE_CHARS); else why it did not (null: not asked). */
  profile: { section: ProfileSection; trace: string | null } | { error: string } | null;
  /** Same-origin files this worker loaded (its resource timing: the model, the runtime's scripts and wasm), so the
   *  page can ask the service worker to keep them when the worker started before the service worker controlled it. */
  loadedUrls: string[];
}
