// The inference worker's API (comlink): probe the worker's environment, then load a model and run the protocol.
// Its requests, progress and outputs are typed in inference-protocol.ts.
import { InputSynthesisError, PlanError } from '../shared/errors.ts';
import { planFeeds, type TokenRows } from './inputs/inputs.ts';
import { graphFacts, NO_FACTS } from './inputs/graph-facts.ts';
import { hasJspi, ortBuildFor } from '../shared/ort-build.ts';
import { loadOrt } from './ort/ort-env.ts';
import { timerResolutionMs } from './timing/timer.ts';
import { timeBatches } from './timing/time-batches.ts';
import { promptBatch } from './inputs/prompt-feeds.ts';
import { tokenizePrompts, tokenizeSnippets } from './transformers/tokenize.ts';
import { completeAll } from './code-eval/complete.ts';
import { evaluateOn } from './accuracy/evaluate.ts';
import { openRuntime } from './backends/open-runtime.ts';
import { measureSplits } from './tiers/split-measure.ts';
import { PROVENANCE_KEY, runLab } from './operators/lab-run.ts';
import { readMetadata } from './operators/onnx-edit.ts';
import { parseProvenance } from '../shared/operators.ts';
import { transfer } from 'comlink';
import type { Backend } from '../shared/run-plan.ts';
import type { InputSummary } from '../shared/run-result.ts';
import type { ModelRuntime } from './runtime/runtime.ts';
import type { EvaluateOutput, EvaluateProgress, EvaluateRequest } from '../shared/contracts/accuracy.ts';
import type {
  BenchmarkOutput,
  BenchmarkProgress,
  BenchmarkProgressReply,
  BenchmarkRequest,
  EnduranceWindowRaw,
} from '../shared/contracts/benchmark.ts';
import type { RawMeasurements } from '../shared/contracts/measurement.ts';
import { runEndurance } from './timing/endurance-loop.ts';
import { median } from '../bench/stats.ts';
import type { CompletionOutput, CompletionProgress, CompletionRequest } from '../shared/contracts/completion.ts';
import type { WorkerProbe } from '../shared/contracts/model.ts';
import type { OperatorsOutput, OperatorsProgress, OperatorsRequest } from '../shared/contracts/operators.ts';
import type { SplitOutput, SplitProgress, SplitRequest } from '../shared/contracts/tiers.ts';
import { canShareWasmMemory, threadsObtained } from '../shared/threads.ts';

/** Creates the API object the worker exposes; one model at a time. */
export function createInferenceApi() {
  let probe: WorkerProbe | null = null;

  return {
    /** Loads the onnxruntime-web build `backend` needs with the thread count (before any session) and reports what
     *  this worker can do. A worker serves one backend's build; the client starts another worker for the other. */
    async init(threadsRequested: number, backend: Backend): Promise<WorkerProbe> {
      const hw = navigator.hardwareConcurrency || 1;
      const facts = { crossOriginIsolated: self.crossOriginIsolated, sharedMemory: canShareWasmMemory() };
      const wanted = threadsRequested > 0 ? threadsRequested : hw;
      const threads = threadsObtained(facts, wanted);
      const ortBuild = ortBuildFor(backend, hasJspi());
      await loadOrt(ortBuild, threads);
      const memory = (navigator as Navigator & { deviceMemory?: number }).deviceMemory;
      probe = {
        ...facts,
        hardwareConcurrency: hw,
        deviceMemoryGb: typeof memory === 'number' ? memory : null,
        timerResolutionMs: timerResolutionMs(),
        threadsRequested,
        threads,
        ortBuild,
      };
      return probe;
    },

    /** Loads the model, prepares inputs per batch size, and runs the sampling protocol. */
    async benchmark(
      req: BenchmarkRequest,
      onProgress: (p: BenchmarkProgress) => BenchmarkProgressReply,
    ): Promise<BenchmarkOutput> {
      await ready(probe, req.backend, 'benchmark');
      const { runtime, bytes, fileBytes, fetchMs } = await openRuntime(req, onProgress);
      try {
        if (runtime.info.inputs.length === 0) throw new InputSynthesisError('the model has no inputs to feed');
        void onProgress({ phase: 'inputs' });
        const pointInputs = req.generation ? await preparePrompts(req, runtime) : await prepareFeeds(req, runtime, bytes);
        const raw = await timeBatches(
          (b, n) => runtime.measure(b, n),
          req.batches,
          req.protocol,
          async (progress) => void (await onProgress({ phase: 'protocol', progress })),
          { partialOnDeviceLoss: true },
        );
        const profile = req.profile ? await profilePass(req, raw, runtime, onProgress) : null;
        const endurance = req.endurance && !runtime.deviceLost ? await endure(req, raw, runtime, onProgress) : null;
        return {
          runtime: runtime.info,
          fileBytes,
          fetchMs,
          inputs: pointInputs[Math.max(...req.batches)] as InputSummary,
          pointInputs,
          raw,
          deviceLost: runtime.deviceLost,
          provenance: bytes ? parseProvenance(readMetadata(bytes).get(PROVENANCE_KEY)) : null,
          endurance,
          profile,
          loadedUrls: sameOriginResources(),
        };
      } finally {
        await runtime.dispose().catch(() => {});
      }
    },

    /** Loads a classifier, collects its logits on labelled texts, and optionally times one batch size. */
    async evaluate(req: EvaluateRequest, onProgress: (p: EvaluateProgress) => void): Promise<EvaluateOutput> {
      await ready(probe, req.backend, 'evaluate');
      const opened = await openRuntime({ ...req, generation: null }, onProgress);
      try {
        return await evaluateOn(opened, req, onProgress);
      } finally {
        await opened.runtime.dispose().catch(() => {});
      }
    },

    /** Loads a generator and samples completions of each prompt (pass@k). */
    async complete(req: CompletionRequest, onProgress: (p: CompletionProgress) => void): Promise<CompletionOutput> {
      await ready(probe, req.backend, 'complete');
      return completeAll(req, onProgress);
    },

    /** Cuts an encoder at each layer boundary and times every head and the whole model (split execution). */
    async splits(req: SplitRequest, onProgress: (p: SplitProgress) => void): Promise<SplitOutput> {
      await ready(probe, req.backend, 'splits');
      return measureSplits(req, onProgress);
    },

    /** Builds each operator variant of an encoder, then scores and times it on this device (the operators lab). */
    async operators(req: OperatorsRequest, onProgress: (p: OperatorsProgress) => void): Promise<OperatorsOutput> {
      await ready(probe, req.backend, 'operators');
      const out = await runLab(req, onProgress);
      // The variants' files go back without a copy.
      return transfer(
        out,
        out.variants.map((v) => v.bytes.buffer as ArrayBuffer),
      );
    },
  };
}

/** Checks init() came first and loaded the build `backend` needs (a mismatch is the client's bug, named). */
/** The same-origin files this worker has fetched, from its resource timing (at most 200). */
function sameOriginResources(): string[] {
  const origin = self.location.origin;
  const urls = performance
    .getEntriesByType('resource')
    .map((e) => e.name)
    .filter((u) => u.startsWith(`${origin}/`));
  return [...new Set(urls)].slice(0, 200);
}

async function ready(probe: WorkerProbe | null, backend: Backend, what: string): Promise<void> {
  if (!probe) throw new Error(`call init() before ${what}()`);
  await loadOrt(ortBuildFor(backend, hasJspi()), probe.threads);
}

/** Plans the classifier's feeds per batch size (tokenized snippets or synthetic data) and hands them over. */
async function prepareFeeds(
  req: BenchmarkRequest,
  runtime: ModelRuntime,
  bytes: Uint8Array | null,
): Promise<Record<number, InputSummary>> {
  const rows: TokenRows | null = req.tokenizer ? await tokenizeSnippets(req.tokenizer, req.language) : null;
  const facts = bytes ? graphFacts(bytes, runtime.info.inputs) : NO_FACTS;
  const plan = planFeeds(runtime.info.inputs, req.seq, rows, facts, req.padding);
  for (const b of req.batches) runtime.setFeeds(b, plan.feeds(b));
  return Object.fromEntries(req.batches.map((b) => [b, plan.summary(b)]));
}

/** Tokenizes the code-completion prompts and hands the generator a left-padded batch per batch size. */
async function preparePrompts(req: BenchmarkRequest, runtime: ModelRuntime): Promise<Record<number, InputSummary>> {
  if (!req.tokenizer) throw new InputSynthesisError('a generator needs its tokenizer: prompts cannot be synthesized');
  const rows = await tokenizePrompts(req.tokenizer, req.language);
  const summaries: Record<number, InputSummary> = {};
  for (const b of req.batches) {
    const batch = promptBatch(rows, b, req.seq);
    runtime.setFeeds(b, batch.feeds);
    summaries[b] = batch.summary;
  }
  return summaries;
}

/**
 * The profiled pass after the timed samples, over the batch sizes that were measured. A runtime without one, or a pass
 * that fails, leaves the run as it is and says why: the samples stand without a profile.
 */
async function profilePass(
  req: BenchmarkRequest,
  raw: RawMeasurements,
  runtime: ModelRuntime,
  onProgress: (p: BenchmarkProgress) => BenchmarkProgressReply,
): Promise<NonNullable<BenchmarkOutput['profile']>> {
  if (!runtime.profile)
    return {
      error:
        'profiles come from onnxruntime-web sessions and transformers.js generators: a transformers.js classifier has none yet',
    };
  if (runtime.deviceLost) return { error: 'the GPU device was lost: no profiled pass' };
  await onProgress({ phase: 'profile' });
  try {
    return await runtime.profile(raw.points.map((p) => p.batchSize));
  } catch (err) {
    return { error: `the profiled pass failed: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/**
 * The endurance series after the protocol: waits until the page is recording, then runs the plan's endurance batch
 * size (one of the plan's, so its inputs are ready) without pause, in chunks sized by its median from the protocol.
 */
async function endure(
  req: BenchmarkRequest,
  raw: RawMeasurements,
  runtime: ModelRuntime,
  onProgress: (p: BenchmarkProgress) => BenchmarkProgressReply,
): Promise<{ windows: EnduranceWindowRaw[]; ended: 'complete' | 'stopped' }> {
  const e = req.endurance as NonNullable<BenchmarkRequest['endurance']>;
  const point = raw.points.find((p) => p.batchSize === e.batch);
  if (!point) throw new PlanError(`the endurance batch size ${e.batch} was not measured: it must be one of the plan's`);
  const typical = median(point.samplesMs);
  const other = e.then === 'batch' ? raw.points.find((p) => p.batchSize === e.thenBatch) : undefined;
  if (e.then === 'batch' && !other)
    throw new PlanError(`the endurance batch size ${e.thenBatch} was not measured: it must be one of the plan's`);
  await onProgress({ phase: 'endurance-ready' });
  const windows: EnduranceWindowRaw[] = [];
  const settings = {
    phaseMs: e.seconds * 1000,
    windowMs: e.windowSeconds * 1000,
    batch: e.batch,
    then: e.then,
    ...(other ? { thenBatch: { batch: other.batchSize, typicalMs: median(other.samplesMs) } } : {}),
  };
  const totalMs = settings.phaseMs * (e.then === 'none' ? 1 : 2);
  const ended = await runEndurance(
    (b, n) => runtime.measure(b, n),
    settings,
    typical,
    async (window) => {
      windows.push(window);
      return (await onProgress({ phase: 'endurance', window, totalMs })) === true;
    },
  );
  return { windows, ended };
}
