// Main-thread bridge to the inference worker: owns its lifecycle; cancel terminates it and the next call starts afresh.
import { proxy, transfer, wrap, type Remote } from 'comlink';
import type { EvaluateOutput, EvaluateProgress, EvaluateRequest } from '../../shared/contracts/accuracy.ts';
import type {
  BenchmarkOutput,
  BenchmarkProgress,
  BenchmarkProgressReply,
  BenchmarkRequest,
} from '../../shared/contracts/benchmark.ts';
import type { CompletionOutput, CompletionProgress, CompletionRequest } from '../../shared/contracts/completion.ts';
import type { WorkerProbe } from '../../shared/contracts/model.ts';
import type { OperatorsOutput, OperatorsProgress, OperatorsRequest } from '../../shared/contracts/operators.ts';
import type { SplitOutput, SplitProgress, SplitRequest } from '../../shared/contracts/tiers.ts';
import type { InferenceApi } from '../../workers/inference.worker.ts';
import { hasJspi, ortBuildFor, type OrtBuild } from '../../shared/ort-build.ts';
import { CancelledError } from '../../shared/errors.ts';
import type { Backend } from '../../shared/run-plan.ts';

export class InferenceClient {
  private worker: Worker | null = null;
  private api: Remote<InferenceApi> | null = null;
  private threads: number | null = null;
  private build: OrtBuild | null = null;
  private probe: WorkerProbe | null = null;
  private rejectPending: ((err: Error) => void) | null = null;

  /**
   * A worker initialised for `threads` with the onnxruntime-web build `backend` needs (shared/ort-build.ts). ORT fixes
   * the thread count at its first session and a worker holds one build, so a change of either means a new worker.
   */
  async ready(threads: number, backend: Backend): Promise<{ api: Remote<InferenceApi>; probe: WorkerProbe }> {
    const build = ortBuildFor(backend, hasJspi());
    if (this.api && this.probe && this.threads === threads && this.build === build) return { api: this.api, probe: this.probe };
    this.terminate();
    this.worker = new Worker(new URL('../../workers/inference.worker.ts', import.meta.url), {
      type: 'module',
      name: 'inference',
    });
    const api = wrap<InferenceApi>(this.worker);
    const probe = await api.init(threads, backend);
    this.api = api;
    this.probe = probe;
    this.threads = threads;
    this.build = build;
    return { api, probe };
  }

  /** Runs a benchmark; rejects with CancelledError when cancel() is called, or with the worker's error. */
  async benchmark(req: BenchmarkRequest, onProgress: (p: BenchmarkProgress) => BenchmarkProgressReply): Promise<BenchmarkOutput> {
    const file = req.model.runtime === 'onnxruntime-web' ? req.model.file : null;
    const payload = file && 'bytes' in file ? transfer(req, [file.bytes.buffer]) : req;
    return this.call(req.backend, (api) => api.benchmark(payload, proxy(onProgress)));
  }

  /** Collects a classifier's logits on labelled texts (and times one batch size); cancellable like benchmark(). */
  async evaluate(req: EvaluateRequest, onProgress: (p: EvaluateProgress) => void): Promise<EvaluateOutput> {
    const file = req.model.runtime === 'onnxruntime-web' ? req.model.file : null;
    const payload = file && 'bytes' in file ? transfer(req, [file.bytes.buffer]) : req;
    return this.call(req.backend, (api) => api.evaluate(payload, proxy(onProgress)));
  }

  /** Samples completions of each prompt with a generator (pass@k); cancellable like benchmark(). */
  async complete(req: CompletionRequest, onProgress: (p: CompletionProgress) => void): Promise<CompletionOutput> {
    return this.call(req.backend, (api) => api.complete(req, proxy(onProgress)));
  }

  /** Times an encoder's heads at every layer boundary (split execution); cancellable like benchmark(). */
  async splits(req: SplitRequest, onProgress: (p: SplitProgress) => void): Promise<SplitOutput> {
    return this.call(req.backend, (api) => api.splits(req, proxy(onProgress)));
  }

  /** Builds, scores and times operator variants of an encoder (the operators lab); cancellable like benchmark(). */
  async operators(req: OperatorsRequest, onProgress: (p: OperatorsProgress) => void): Promise<OperatorsOutput> {
    const buffers = [...('bytes' in req.base ? [req.base.bytes.buffer] : []), ...(req.extra ? [req.extra.bytes.buffer] : [])];
    const payload = buffers.length ? transfer(req, buffers as ArrayBuffer[]) : req;
    return this.call(req.backend, (api) => api.operators(payload, proxy(onProgress)));
  }

  /** Runs `fn` on the worker, rejecting when the worker crashes or cancel() is called. */
  private async call<T>(backend: Backend, fn: (api: Remote<InferenceApi>) => Promise<T>): Promise<T> {
    const { api } = await this.ready(this.threads ?? 0, backend);
    const crashed = new Promise<never>((_, reject) => {
      this.rejectPending = reject;
      if (this.worker)
        this.worker.onerror = (e) =>
          reject(new Error(`the inference worker crashed: ${e.message || 'unknown error (out of memory?)'}`));
    });
    try {
      return await Promise.race([fn(api), crashed]);
    } finally {
      this.rejectPending = null;
    }
  }

  /** Stops whatever runs now by terminating the worker; the next call starts a fresh one. */
  cancel(): void {
    const reject = this.rejectPending;
    this.terminate();
    reject?.(new CancelledError());
  }

  private terminate(): void {
    this.worker?.terminate();
    this.worker = null;
    this.api = null;
    this.probe = null;
    this.threads = null;
    this.build = null;
  }
}
