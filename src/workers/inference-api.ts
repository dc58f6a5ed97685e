// The inference worker's API (comlink): probe the worker's environment, then load a model and run the protocol.
import { runProtocol, type ProtocolProgress, type RawMeasurements } from '../bench/protocol.ts';
import { InputSynthesisError } from '../shared/errors.ts';
import type { ProtocolSettings } from '../shared/run-plan.ts';
import type { Language } from '../shared/snippets.ts';
import type { InputSummary } from '../shared/run-result.ts';
import { planFeeds, type Padding, type TokenRows } from './inputs.ts';
import { fetchWithProgress, type DownloadProgress } from './model-fetch.ts';
import { assertLooksLikeOnnx, embeddingRows } from './onnx-inspect.ts';
import { configureThreads } from './ort/ort-env.ts';
import { OrtRuntime } from './ort/ort-runtime.ts';
import type { RuntimeInfo } from './runtime.ts';
import { timerResolutionMs } from './timer.ts';
import { tokenizeSnippets, type TokenizerSource } from './tokenize.ts';

export interface WorkerProbe {
  crossOriginIsolated: boolean;
  hardwareConcurrency: number;
  deviceMemoryGb: number | null;
  timerResolutionMs: number;
  threadsRequested: number;
  /** Threads ORT will use: the request when isolated, else 1. */
  threads: number;
}

export interface BenchmarkRequest {
  /** Where the ONNX file is, or its bytes (a dropped file). */
  model: { url: string } | { bytes: Uint8Array; name: string };
  label: string;
  backend: 'wasm' | 'webgpu';
  batches: number[];
  seq: number;
  language: Language | 'mixed';
  padding: Padding;
  /** The model whose tokenizer turns the snippets into ids; null for synthetic inputs. */
  tokenizer: TokenizerSource | null;
  protocol: ProtocolSettings;
}

export type BenchmarkProgress =
  | { phase: 'download'; progress: DownloadProgress }
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
}

/** Creates the API object the worker exposes; one model at a time. */
export function createInferenceApi() {
  let probe: WorkerProbe | null = null;

  return {
    /** Sets the thread count (before any session) and reports what this worker can do. */
    init(threadsRequested: number): WorkerProbe {
      const hw = navigator.hardwareConcurrency || 1;
      const isolated = self.crossOriginIsolated;
      const wanted = threadsRequested > 0 ? threadsRequested : hw;
      const threads = isolated ? wanted : 1;
      configureThreads(threads);
      const memory = (navigator as Navigator & { deviceMemory?: number }).deviceMemory;
      probe = {
        crossOriginIsolated: isolated,
        hardwareConcurrency: hw,
        deviceMemoryGb: typeof memory === 'number' ? memory : null,
        timerResolutionMs: timerResolutionMs(),
        threadsRequested,
        threads,
      };
      return probe;
    },

    /** Loads the model, prepares inputs per batch size, and runs the sampling protocol. */
    async benchmark(req: BenchmarkRequest, onProgress: (p: BenchmarkProgress) => void): Promise<BenchmarkOutput> {
      if (!probe) throw new Error('call init() before benchmark()');
      const fetchStart = performance.now();
      const bytes =
        'bytes' in req.model
          ? req.model.bytes
          : await fetchWithProgress(req.model.url, (progress) => onProgress({ phase: 'download', progress }));
      const fetchMs = 'bytes' in req.model ? 0 : performance.now() - fetchStart;
      assertLooksLikeOnnx(bytes, req.label);
      onProgress({ phase: 'session' });
      const runtime = await OrtRuntime.create(bytes, req.backend);
      try {
        if (runtime.info.inputs.length === 0) throw new InputSynthesisError('the model has no inputs to feed');
        onProgress({ phase: 'inputs' });
        const rows: TokenRows | null = req.tokenizer ? await tokenizeSnippets(req.tokenizer, req.language) : null;
        const vocab = embeddingRows(
          bytes,
          runtime.info.inputs.map((i) => i.name),
        );
        const plan = planFeeds(runtime.info.inputs, req.seq, rows, vocab, req.padding);
        for (const b of req.batches) runtime.setFeeds(b, plan.feeds(b));
        const largest = Math.max(...req.batches);
        const raw = await runProtocol(
          (b, n) => runtime.measure(b, n),
          req.batches,
          req.protocol,
          (progress) => onProgress({ phase: 'protocol', progress }),
        );
        return {
          runtime: runtime.info,
          fileBytes: bytes.byteLength,
          fetchMs,
          inputs: plan.summary(largest),
          pointInputs: Object.fromEntries(req.batches.map((b) => [b, plan.summary(b)])),
          raw,
          deviceLost: runtime.deviceLost,
        };
      } finally {
        await runtime.dispose().catch(() => {});
      }
    },
  };
}
