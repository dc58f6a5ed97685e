// transformers.js adapter of ModelRuntime (inference worker): loads a classifier with from_pretrained (per-file
// progress, Cache API), feeds it the same host tensors as the ONNX Runtime path, and times forward plus read-back.
import { AutoModelForSequenceClassification, Tensor, type PreTrainedModel } from '@huggingface/transformers';
import { InferenceError, ModelFetchError, SessionCreateError } from '../../shared/errors.ts';
import { describeAdapter } from '../../shared/adapter-info.ts';
import type { Dtype } from '../../shared/catalog.ts';
import type { Backend } from '../../shared/run-plan.ts';
import type { AdapterInfo } from '../../shared/run-result.ts';
import type { HostFeeds } from '../inputs.ts';
import { ort } from '../ort/ort-env.ts';
import type { ModelRuntime, RuntimeInfo } from '../runtime.ts';
import { obtainedGpuDevice, tensorInfo, timeRuns } from '../runtime-common.ts';
import { configureTransformers, type ModelLocation } from './transformers-env.ts';

export interface FileProgress {
  file: string;
  loaded: number;
  total: number;
  /** True once transformers.js reports the file done (downloaded, or read from the Cache API). */
  done: boolean;
}

interface ProgressInfo {
  status: string;
  file?: string;
  loaded?: number;
  total?: number;
}

/** The ONNX Runtime session transformers.js created (its `sessions.model`). */
interface SessionLike {
  inputMetadata?: readonly ort.InferenceSession.ValueMetadata[];
  outputMetadata?: readonly ort.InferenceSession.ValueMetadata[];
}

function loadError(err: unknown, modelId: string): Error {
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

export class TransformersRuntime implements ModelRuntime {
  private readonly feeds = new Map<number, Record<string, Tensor>>();
  private lost = false;

  private constructor(
    private readonly model: PreTrainedModel,
    readonly info: RuntimeInfo,
  ) {}

  get deviceLost(): boolean {
    return this.lost;
  }

  /** Loads `location`'s model for text classification on `device` with the ONNX file of `dtype`. */
  static async create(
    location: ModelLocation,
    device: Backend,
    dtype: Dtype,
    onFile: (p: FileProgress) => void,
  ): Promise<TransformersRuntime> {
    configureTransformers(location);
    const started = performance.now();
    let model: PreTrainedModel;
    try {
      model = await AutoModelForSequenceClassification.from_pretrained(location.modelId, {
        device,
        dtype,
        progress_callback: (p: ProgressInfo) => {
          if (!p.file) return;
          if (p.status === 'progress') onFile({ file: p.file, loaded: p.loaded ?? 0, total: p.total ?? 0, done: false });
          if (p.status === 'done') onFile({ file: p.file, loaded: p.total ?? 0, total: p.total ?? 0, done: true });
        },
      });
    } catch (err) {
      throw loadError(err, location.modelId);
    }
    const loadMs = performance.now() - started;
    const session = (model as unknown as { sessions: Record<string, SessionLike> }).sessions.model ?? {};
    let adapter: AdapterInfo | null = null;
    let runtime: TransformersRuntime | null = null;
    if (device === 'webgpu') {
      const gpu = await obtainedGpuDevice();
      if (gpu) {
        adapter = describeAdapter(gpu.adapterInfo, gpu.features);
        void gpu.lost.then(() => {
          if (runtime) runtime.lost = true;
        });
      }
    }
    const info: RuntimeInfo = {
      inputs: tensorInfo(session.inputMetadata),
      outputs: tensorInfo(session.outputMetadata),
      requestedProvider: device,
      executionProvider: device === 'webgpu' && !adapter ? 'wasm' : device,
      providerFallback: device === 'webgpu' && !adapter,
      adapter,
      sessionOptions: {
        graphOptimizationLevel: 'all',
        preferredOutputLocation: 'cpu',
        enableGraphCapture: false,
        notes: [
          `runtime transformers.js (AutoModelForSequenceClassification, dtype ${dtype}, device ${device}) with its default session options`,
          'download and session creation happen in one from_pretrained call: sessionCreateMs includes the download',
        ],
      },
      sessionCreateMs: loadMs,
      ortVersion: ort.env.versions.web ?? 'unknown',
    };
    runtime = new TransformersRuntime(model, info);
    return runtime;
  }

  setFeeds(batchSize: number, feeds: HostFeeds): void {
    const tensors: Record<string, Tensor> = {};
    for (const [name, t] of Object.entries(feeds)) tensors[name] = new Tensor(t.type as 'int64', t.data as BigInt64Array, t.dims);
    this.feeds.set(batchSize, tensors);
  }

  async measure(batchSize: number, count: number): Promise<Float64Array> {
    const feeds = this.feeds.get(batchSize);
    if (!feeds) throw new InferenceError(`no inputs prepared for batch size ${batchSize}`);
    return timeRuns(
      batchSize,
      count,
      async () => {
        const out = (await this.model(feeds)) as Record<string, Tensor>;
        // Touch every output's data on the CPU, as an application reading the logits would.
        for (const t of Object.values(out)) if (t instanceof Tensor) void t.data.length;
      },
      () => this.lost,
    );
  }

  async dispose(): Promise<void> {
    this.feeds.clear();
    await this.model.dispose();
  }
}
