// The one transformers.js load sequence of every adapter (inference worker): configure the library for the model's
// location, from_pretrained with per-file progress, errors a person can act on, and the RuntimeInfo of the session
// transformers.js created.
import type { PreTrainedModel } from '@huggingface/transformers';
import { describeAdapter } from '../../shared/adapter-info.ts';
import type { Dtype } from '../../shared/catalog.ts';
import { ModelFetchError, SessionCreateError } from '../../shared/errors.ts';
import type { Backend } from '../../shared/run-plan.ts';
import type { AdapterInfo } from '../../shared/run-result.ts';
import type * as Ort from 'onnxruntime-web';
import { ort, ortBuildInfo } from '../ort/ort-env.ts';
import type { RuntimeInfo } from '../../shared/contracts/model.ts';
import { obtainedGpuDevice, tensorInfo } from '../ort/runtime-common.ts';
import { configureTransformers } from './transformers-env.ts';
import { refuseHalfWithoutF16 } from './half-precision.ts';
import type { FileProgress, ModelLocation } from '../../shared/contracts/model.ts';

interface ProgressInfo {
  status: string;
  file?: string;
  loaded?: number;
  total?: number;
}

/** transformers.js's progress_callback, reduced to per-file byte counts. */
export function fileProgressCallback(onFile: (p: FileProgress) => void): (p: ProgressInfo) => void {
  return (p) => {
    if (!p.file) return;
    if (p.status === 'progress') onFile({ file: p.file, loaded: p.loaded ?? 0, total: p.total ?? 0, done: false });
    if (p.status === 'done') onFile({ file: p.file, loaded: p.total ?? 0, total: p.total ?? 0, done: true });
  };
}

/** Turns a from_pretrained failure into the error class a person can act on. */
export function loadError(err: unknown, modelId: string): Error {
  const message = err instanceof Error ? err.message : String(err);
  // ORT's own failures come first: "Failed to load model because protobuf parsing failed" is a bad file, not a download.
  if (/create a session|protobuf|ERROR_CODE/i.test(message)) {
    const hint = /protobuf/i.test(message) ? ' (the model file is not a valid ONNX model: corrupt or an error page)' : '';
    return new SessionCreateError(`${modelId}: onnxruntime-web could not load the model${hint}: ${message}`);
  }
  if (/404|not found|Could not locate/i.test(message))
    return new ModelFetchError(`${modelId}: a file is missing on the model host: ${message}`);
  if (/fetch|network/i.test(message)) return new ModelFetchError(`${modelId} could not be downloaded: ${message}`);
  return new SessionCreateError(`transformers.js could not load ${modelId}: ${message}`);
}

/** The ONNX Runtime session transformers.js created (its `sessions.model`). */
interface SessionLike {
  inputMetadata?: readonly Ort.InferenceSession.ValueMetadata[];
  outputMetadata?: readonly Ort.InferenceSession.ValueMetadata[];
}

export interface LoadedDescription {
  modelClass: string;
  device: Backend;
  dtype: Dtype;
  loadMs: number;
  runtimeStartupMs: number | null;
  notes: string[];
  /** Called when the GPU device transformers.js's session runs on is lost. */
  onLost: () => void;
}

/** What the loaded model's session reports, with the provider and adapter actually obtained. */
export async function describeLoaded(model: unknown, d: LoadedDescription): Promise<RuntimeInfo> {
  const session = (model as { sessions: Record<string, SessionLike> }).sessions.model ?? {};
  let adapter: AdapterInfo | null = null;
  if (d.device === 'webgpu') {
    const gpu = await obtainedGpuDevice();
    if (gpu) {
      adapter = describeAdapter(gpu.adapterInfo, gpu.features);
      void gpu.lost.then(d.onLost);
    }
  }
  return {
    inputs: tensorInfo(session.inputMetadata),
    outputs: tensorInfo(session.outputMetadata),
    requestedProvider: d.device,
    executionProvider: d.device === 'webgpu' && !adapter ? 'wasm' : d.device,
    providerFallback: d.device === 'webgpu' && !adapter,
    adapter,
    sessionOptions: {
      graphOptimizationLevel: 'all',
      preferredOutputLocation: 'cpu',
      enableGraphCapture: false,
      notes: [
        `runtime transformers.js (${d.modelClass}, dtype ${d.dtype}, device ${d.device}) with its default session options`,
        "download, the runtime's one-time start-up and session creation happen in one from_pretrained call: sessionCreateMs includes all three",
        ...d.notes,
      ],
    },
    sessionCreateMs: d.loadMs,
    runtimeStartupMs: d.runtimeStartupMs,
    ortVersion: ort().env.versions.web ?? 'unknown',
    ortBuild: ortBuildInfo(),
  };
}

export interface LoadRequest {
  location: ModelLocation;
  modelClass: 'AutoModelForSequenceClassification' | 'AutoModelForCausalLM';
  device: Backend;
  dtype: Dtype;
  onFile: (p: FileProgress) => void;
  /** Notes of this adapter, after the common ones. */
  notes: string[];
  /** Called when the GPU device the session runs on is lost. */
  onLost: () => void;
  /** onnxruntime session options of the model's sessions (the profiled pass turns the profiler on). */
  sessionOptions?: Record<string, unknown>;
}

/** Loads a model with transformers.js and describes the session it made; load failures become TierLab errors. */
export async function loadPretrained(r: LoadRequest): Promise<{ model: PreTrainedModel; info: RuntimeInfo }> {
  await refuseHalfWithoutF16(r.device, r.dtype, typeof navigator !== 'undefined' ? navigator.gpu : undefined);
  const lib = await configureTransformers(r.location);
  // No start-up model here: with onnxruntime-web already started, transformers.js stops reporting the model file's
  // download progress (seen in e2e), so its load time keeps the runtime's start-up, and the notes say so.
  const runtimeStartupMs = null;
  const started = performance.now();
  let model: PreTrainedModel;
  try {
    model = await lib[r.modelClass].from_pretrained(r.location.modelId, {
      device: r.device,
      dtype: r.dtype,
      progress_callback: fileProgressCallback(r.onFile),
      ...(r.sessionOptions ? { session_options: r.sessionOptions } : {}),
    });
  } catch (err) {
    throw loadError(err, r.location.modelId);
  }
  const info = await describeLoaded(model, {
    modelClass: r.modelClass,
    device: r.device,
    dtype: r.dtype,
    loadMs: performance.now() - started,
    runtimeStartupMs,
    notes: r.notes,
    onLost: r.onLost,
  });
  return { model, info };
}
