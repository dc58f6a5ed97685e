// onnxruntime-web adapter of ModelRuntime (inference worker): session options set on purpose, provider checked, runs timed.
import { AdapterFeatureError, InferenceError, SessionCreateError, WebGpuUnavailableError } from '../../shared/errors.ts';
import type { Backend } from '../../shared/run-plan.ts';
import type { AdapterInfo, Environment } from '../../shared/run-result.ts';
import type { HostFeeds, HostTensor } from '../inputs/inputs.ts';
import type { Logits, ModelRuntime } from '../runtime/runtime.ts';
import type { RuntimeInfo } from '../../shared/contracts/model.ts';
import { obtainedGpuDevice, tensorInfo, timeRuns } from './runtime-common.ts';
import { describeAdapter, halfPrecisionRefusal } from '../../shared/adapter-info.ts';
import type * as Ort from 'onnxruntime-web';
import { ort, ortBuildInfo, startRuntime } from './ort-env.ts';
import { fromHalfBits } from '../onnx/half.ts';
import { usesFloat16 } from '../onnx/float16.ts';
import { collectingTrace } from './ort-stdout.ts';
import { gpuStepMs, parseOrtTrace, profileBatches, type ProfiledBatchRuns } from '../../bench/profile/ort-trace.ts';
import { nodeLayers } from '../profile/node-layers.ts';
import { capNodes } from '../../bench/profile/profile-summary.ts';
import { MAX_TRACE_CHARS, PROFILE_RUNS, PROFILE_WARMUP_RUNS, type ProfileSection } from '../../shared/profile.ts';

/** Runs `fn` while collecting what ORT prints, to spot nodes placed on the CPU under WebGPU. */
async function capturingConsole<T>(fn: () => Promise<T>): Promise<{ value: T; lines: string[] }> {
  const lines: string[] = [];
  const original = { warn: console.warn, log: console.log, error: console.error };
  const capture =
    (orig: (...a: unknown[]) => void) =>
    (...args: unknown[]) => {
      lines.push(args.map(String).join(' '));
      orig(...args);
    };
  console.warn = capture(original.warn);
  console.log = capture(original.log);
  console.error = capture(original.error);
  try {
    return { value: await fn(), lines };
  } finally {
    Object.assign(console, original);
  }
}

function sessionOptionsFor(backend: Backend): {
  options: Ort.InferenceSession.SessionOptions;
  record: Environment['sessionOptions'];
} {
  const preferredOutputLocation = backend === 'webgpu' ? 'gpu-buffer' : 'cpu';
  const notes = [
    backend === 'webgpu'
      ? 'outputs stay on the GPU until read back; each timed run includes the read-back'
      : 'outputs land in WASM memory; each timed run includes copying them out',
    'graph capture off: it needs GPU-resident inputs of fixed shape, and TierLab feeds host tensors so every run includes the upload',
  ];
  return {
    options: {
      executionProviders: [backend],
      graphOptimizationLevel: 'all',
      preferredOutputLocation,
      enableGraphCapture: false,
      logSeverityLevel: 2,
    },
    record: { graphOptimizationLevel: 'all', preferredOutputLocation, enableGraphCapture: false, notes },
  };
}

/** One inference, every output read back to the CPU (a latency that stops at submit would flatter the GPU). */
async function runAndRead(session: Ort.InferenceSession, feeds: Record<string, Ort.Tensor>): Promise<void> {
  const outputs = await session.run(feeds);
  for (const name in outputs) await (outputs[name] as Ort.Tensor).getData(true);
  for (const name in outputs) (outputs[name] as Ort.Tensor).dispose();
}

export class OrtRuntime implements ModelRuntime {
  private readonly feeds = new Map<number, Record<string, Ort.Tensor>>();
  private lost = false;

  private constructor(
    private readonly session: Ort.InferenceSession,
    readonly info: RuntimeInfo,
    /** The model's bytes and backend, for the profiled pass's own session. */
    private readonly bytes: Uint8Array,
    private readonly backend: Backend,
  ) {}

  get deviceLost(): boolean {
    return this.lost;
  }

  /** Creates a session on exactly the requested provider; a WebGPU session without a GPU device is reported, not hidden. */
  static async create(bytes: Uint8Array, backend: Backend): Promise<OrtRuntime> {
    if (backend === 'webgpu' && !('gpu' in navigator && navigator.gpu)) {
      throw new WebGpuUnavailableError('this browser exposes no WebGPU in workers (navigator.gpu is undefined)');
    }
    const { options, record } = sessionOptionsFor(backend);
    // The runtime's one-time start-up first, so sessionCreateMs is this model's session alone.
    const runtimeStartupMs = await startRuntime(backend);
    const started = performance.now();
    let created: { value: Ort.InferenceSession; lines: string[] };
    try {
      created = await capturingConsole(() => ort().InferenceSession.create(bytes, options));
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (backend === 'webgpu' && /webgpu|adapter|gpu device/i.test(message))
        throw new WebGpuUnavailableError(`WebGPU could not start: ${message}`);
      throw new SessionCreateError(`onnxruntime-web could not load the model: ${message}`);
    }
    const sessionCreateMs = performance.now() - started;
    let adapter: AdapterInfo | null = null;
    let executionProvider: Backend = backend;
    let runtime: OrtRuntime | null = null;
    if (backend === 'webgpu') {
      const device = await obtainedGpuDevice();
      if (!device) executionProvider = 'wasm';
      else adapter = describeAdapter(device.adapterInfo, device.features);
      // A float16 graph on an adapter without shader-f16 fails at its first run with ORT's shader text; refuse it here.
      if (adapter && !adapter.features.includes('shader-f16') && usesFloat16(bytes)) {
        await created.value.release();
        throw new AdapterFeatureError(halfPrecisionRefusal(adapter));
      }
      void device?.lost.then(() => {
        if (runtime) runtime.lost = true;
      });
      if (created.lines.some((l) => /not assigned to the preferred execution provider/i.test(l))) {
        record.notes.push('some nodes run on the CPU because WebGPU has no kernel for them (ORT placement warning)');
      }
    }
    const info: RuntimeInfo = {
      inputs: tensorInfo(created.value.inputMetadata),
      outputs: tensorInfo(created.value.outputMetadata),
      requestedProvider: backend,
      executionProvider,
      providerFallback: executionProvider !== backend,
      adapter,
      sessionOptions: record,
      sessionCreateMs,
      runtimeStartupMs,
      ortVersion: ort().env.versions.web ?? 'unknown',
      ortBuild: ortBuildInfo(),
    };
    runtime = new OrtRuntime(created.value, info, bytes, backend);
    return runtime;
  }

  setFeeds(batchSize: number, feeds: HostFeeds): void {
    for (const t of Object.values(this.feeds.get(batchSize) ?? {})) t.dispose();
    const tensors: Record<string, Ort.Tensor> = {};
    for (const [name, t] of Object.entries(feeds)) {
      tensors[name] = new (ort().Tensor)(t.type as Ort.Tensor.Type, t.data as Ort.Tensor.DataType, t.dims);
    }
    this.feeds.set(batchSize, tensors);
  }

  async measure(batchSize: number, count: number): Promise<Float64Array> {
    const feeds = this.feeds.get(batchSize);
    if (!feeds) throw new InferenceError(`no inputs prepared for batch size ${batchSize}`);
    // Nothing is allocated per run beyond what ORT returns: the feeds are made once per batch size, and outputs are
    // walked by key rather than copied into arrays.
    const session = this.session;
    return timeRuns(
      batchSize,
      count,
      () => runAndRead(session, feeds),
      () => this.lost,
    );
  }

  /**
   * The profiled pass: a second session of the same model with onnxruntime's profiler on, fed the timed runs' inputs,
   * `warmupRuns` unrecorded then `runs` recorded runs per batch size, each timed like a sample. It runs after the
   * timed samples and in a session of its own, so the profiler's cost never reaches them.
   */
  async profile(
    batches: readonly number[],
    runs = PROFILE_RUNS,
    warmupRuns = PROFILE_WARMUP_RUNS,
  ): Promise<{ section: ProfileSection; trace: string | null }> {
    const { options } = sessionOptionsFor(this.backend);
    const plan: ProfiledBatchRuns[] = [];
    const { lines } = await collectingTrace(async () => {
      const session = await ort().InferenceSession.create(this.bytes, { ...options, enableProfiling: true });
      try {
        for (const batchSize of batches) {
          const feeds = this.feeds.get(batchSize);
          if (!feeds) continue;
          const once = () => runAndRead(session, feeds);
          for (let i = 0; i < warmupRuns; i++) await once();
          const wallMs: number[] = [];
          for (let i = 0; i < runs; i++) {
            const t0 = performance.now();
            await once();
            wallMs.push(performance.now() - t0);
          }
          plan.push({ batchSize, warmupRuns, wallMs });
        }
        await session.endProfiling();
      } finally {
        await session.release();
      }
    });
    const notes: string[] = [];
    let layers: ReturnType<typeof nodeLayers> = { layers: null, byName: new Map() };
    try {
      layers = nodeLayers(this.bytes);
    } catch (err) {
      // A graph whose layers cannot be found still has its profile, without layers.
      notes.push(`no layers: ${err instanceof Error ? err.message : String(err)}`.slice(0, 500));
    }
    const events = parseOrtTrace(lines);
    const profiled = profileBatches(events, plan, layers.byName).map((b) => capNodes(b, notes));
    const gpuStep = gpuStepMs(events);
    if (this.backend === 'webgpu' && gpuStep === null)
      notes.push(
        'no GPU timestamps: the adapter offers no timestamp-query, so WebGPU kernels are timed by the CPU around their dispatch, not their execution',
      );
    if (profiled.length === 0) throw new InferenceError('the profiled pass recorded no batch size');
    const section: ProfileSection = {
      source: 'ort-profiler',
      requestedProvider: this.backend,
      resolutionMs: gpuStep ?? 0.001,
      clock: gpuStep === null ? 'cpu' : 'gpu-timestamps',
      warmupRuns,
      layers: layers.layers,
      batches: profiled,
      notes,
    };
    const chars = lines.reduce((n, l) => n + l.length + 1, 0);
    return { section, trace: chars <= MAX_TRACE_CHARS ? lines.join('\n') : null };
  }

  /** Runs `host` once and copies every float32 output back (a cut head's hidden state, a tail's logits). */
  async outputs(host: HostFeeds): Promise<Record<string, HostTensor & { data: Float32Array }>> {
    const feeds: Record<string, Ort.Tensor> = {};
    for (const [name, t] of Object.entries(host))
      feeds[name] = new (ort().Tensor)(t.type as Ort.Tensor.Type, t.data as Ort.Tensor.DataType, t.dims);
    const outputs = await this.session.run(feeds);
    try {
      const copies: Record<string, HostTensor & { data: Float32Array }> = {};
      for (const [name, out] of Object.entries(outputs)) {
        if (out.type !== 'float32') continue;
        const data = Float32Array.from((await out.getData(true)) as Float32Array);
        copies[name] = { type: 'float32', dims: [...out.dims], data };
      }
      return copies;
    } finally {
      for (const out of Object.values(outputs)) out.dispose();
      for (const t of Object.values(feeds)) t.dispose();
    }
  }

  /**
   * Runs `host` once and copies every floating-point output back as float32 (a float16 output, such as an fp16
   * variant's KV cache, is widened), in the graph's output order: what the lab compares output by output.
   */
  async evaluate(host: HostFeeds): Promise<{ name: string; dims: number[]; data: Float32Array }[]> {
    const feeds: Record<string, Ort.Tensor> = {};
    for (const [name, t] of Object.entries(host))
      feeds[name] = new (ort().Tensor)(t.type as Ort.Tensor.Type, t.data as Ort.Tensor.DataType, t.dims);
    const outputs = await this.session.run(feeds);
    try {
      const copies: { name: string; dims: number[]; data: Float32Array }[] = [];
      for (const name of this.session.outputNames) {
        const out = outputs[name];
        if (!out || (out.type !== 'float32' && out.type !== 'float16')) continue;
        const data = await out.getData(true);
        const widened =
          data instanceof Uint16Array ? Float32Array.from(data, fromHalfBits) : Float32Array.from(data as ArrayLike<number>);
        copies.push({ name, dims: [...out.dims], data: widened });
      }
      return copies;
    } finally {
      for (const out of Object.values(outputs)) out.dispose();
      for (const t of Object.values(feeds)) t.dispose();
    }
  }

  async logits(host: HostFeeds): Promise<Logits> {
    const feeds: Record<string, Ort.Tensor> = {};
    for (const [name, t] of Object.entries(host))
      feeds[name] = new (ort().Tensor)(t.type as Ort.Tensor.Type, t.data as Ort.Tensor.DataType, t.dims);
    const outputs = await this.session.run(feeds);
    try {
      const out = outputs.logits ?? Object.values(outputs)[0];
      if (!out || out.dims.length !== 2) throw new InferenceError('the model has no [batch, classes] output to evaluate');
      const data = (await out.getData(true)) as Float32Array;
      return { data: Float32Array.from(data), width: out.dims[1] as number };
    } finally {
      for (const out of Object.values(outputs)) out.dispose();
      for (const t of Object.values(feeds)) t.dispose();
    }
  }

  async dispose(): Promise<void> {
    for (const feeds of this.feeds.values()) for (const t of Object.values(feeds)) t.dispose();
    this.feeds.clear();
    await this.session.release();
  }
}
