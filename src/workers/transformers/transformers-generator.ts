// transformers.js adapter of ModelRuntime for generators (inference worker): loads a causal LM, then times whole
// generate() calls (greedy, KV cache, a fixed number of new tokens) and the moment each chose its first token.
import type { PreTrainedModel, Tensor, TextStreamer } from '@huggingface/transformers';
import type { TimedRuns } from '../../bench/protocol.ts';
import type { Dtype } from '../../shared/catalog.ts';
import { InferenceError } from '../../shared/errors.ts';
import type { Backend, GenerationSettings } from '../../shared/run-plan.ts';
import type { HostFeeds } from '../inputs/inputs.ts';
import type { ModelRuntime } from '../runtime/runtime.ts';
import type { RuntimeInfo } from '../../shared/contracts/model.ts';
import { timeGenerations } from '../ort/runtime-common.ts';
import { transformers } from './transformers-env.ts';
import type { ModelLocation } from '../../shared/contracts/model.ts';
import { loadPretrained, type LoadRequest } from './transformers-load.ts';
import type * as Ort from 'onnxruntime-web';
import { collectingTrace } from '../ort/ort-stdout.ts';
import { gpuStepMs, parseOrtTrace, profileGenerations, type ProfiledGenerations } from '../../bench/profile/ort-trace.ts';
import { capNodes } from '../../bench/profile/profile-summary.ts';
import { MAX_TRACE_CHARS, PROFILE_RUNS, PROFILE_WARMUP_RUNS, type ProfileSection } from '../../shared/profile.ts';
import type { FileProgress } from '../../shared/contracts/model.ts';
import { toTensors } from './transformers-runtime.ts';

/**
 * Decoding settings passed to every generate() call. Each overrides what the model's generation_config.json may
 * say (many instruct models ship sampling and a repetition penalty), so every model does the same kind of work.
 */
export function generateOptions(settings: GenerationSettings): Record<string, number | boolean> {
  return {
    max_new_tokens: settings.newTokens,
    // End-of-sequence is suppressed until then: every run generates exactly newTokens per sequence.
    min_new_tokens: settings.newTokens,
    do_sample: false,
    num_beams: 1,
    repetition_penalty: 1,
    no_repeat_ngram_size: 0,
    use_cache: true,
  };
}

interface FirstTokenClock {
  /** performance.now() when the first generated token was chosen; NaN until then. */
  readonly firstAt: number;
}

/**
 * A streamer that notes the moment the first generated token is chosen. generate() calls put() once with the prompt
 * before the prefill pass, then once per step with the tokens just chosen (transformers.js
 * src/models/modeling_utils.js). Made from the loaded library's BaseStreamer (transformers.js is imported on use).
 */
function firstTokenClock(): FirstTokenClock & TextStreamer {
  const { BaseStreamer } = transformers();
  class Clock extends BaseStreamer {
    private calls = 0;
    firstAt = Number.NaN;

    override put(): void {
      if (++this.calls === 2) this.firstAt = performance.now();
    }

    override end(): void {}
  }
  // The declared parameter type asks for a TextStreamer, but generate() only calls put() and end().
  return new Clock() as unknown as FirstTokenClock & TextStreamer;
}

export class TransformersGenerator implements ModelRuntime {
  private readonly feeds = new Map<number, Record<string, Tensor>>();
  private lost = false;
  info!: RuntimeInfo;

  private constructor(
    private readonly model: PreTrainedModel,
    private readonly settings: GenerationSettings,
    /** What loaded it, for the profiled pass's own copy. */
    private readonly load: Pick<LoadRequest, 'location' | 'device' | 'dtype'>,
  ) {}

  get deviceLost(): boolean {
    return this.lost;
  }

  /** The GPU device its session ran on was lost. */
  markLost(): void {
    this.lost = true;
  }

  /** Loads `location`'s causal language model on `device` with the ONNX file of `dtype`. */
  static async create(
    location: ModelLocation,
    device: Backend,
    dtype: Dtype,
    settings: GenerationSettings,
    onFile: (p: FileProgress) => void,
  ): Promise<TransformersGenerator> {
    const options = Object.entries(generateOptions(settings)).map(([k, v]) => `${k}=${String(v)}`);
    let runtime: TransformersGenerator | null = null;
    const { model, info } = await loadPretrained({
      location,
      modelClass: 'AutoModelForCausalLM',
      device,
      dtype,
      onFile,
      notes: [
        `generate(): ${options.join(', ')}; prompts left-padded`,
        'a sample is one generate() call; time to first token is when the streamer received the first chosen token',
        ...(device === 'webgpu'
          ? [
              'transformers.js keeps the KV cache (present.*) on the GPU (preferredOutputLocation gpu-buffer); logits come back each step',
            ]
          : []),
      ],
      onLost: () => runtime?.markLost(),
    });
    runtime = new TransformersGenerator(model, settings, { location, device, dtype });
    runtime.info = info;
    return runtime;
  }

  /** Takes the left-padded prompt batch (input_ids, attention_mask) of one batch size. */
  setFeeds(batchSize: number, feeds: HostFeeds): void {
    this.feeds.set(batchSize, toTensors(feeds));
  }

  async measure(batchSize: number, count: number): Promise<TimedRuns> {
    return timeGenerations(batchSize, count, this.generateOnce(this.model, batchSize), () => this.lost);
  }

  /** One generate() call on `model` at `batchSize`, resolving to when it chose its first token. */
  private generateOnce(model: PreTrainedModel, batchSize: number): () => Promise<number> {
    const feeds = this.feeds.get(batchSize);
    if (!feeds) throw new InferenceError(`no prompts prepared for batch size ${batchSize}`);
    const promptLength = feeds.input_ids?.dims.at(-1) ?? 0;
    const options = generateOptions(this.settings);
    return async () => {
      const clock = firstTokenClock();
      const out = (await model.generate({ ...feeds, ...options, streamer: clock })) as Tensor;
      // The ids come back on the CPU; check the work was what the plan says, so a short run is never reported.
      const generated = (out.dims.at(-1) ?? 0) - promptLength;
      if (generated !== this.settings.newTokens || Number.isNaN(clock.firstAt))
        throw new InferenceError(`generate() produced ${generated} new tokens instead of ${this.settings.newTokens}`);
      return clock.firstAt;
    };
  }

  /**
   * The profiled pass: the same model loaded again (from the browser's cache) with onnxruntime's profiler on, and per
   * batch size `warmupRuns` unrecorded then `runs` recorded generate() calls. Each call's first step (the prefill)
   * and its decode steps get a profile each. One session only: a model split over several (an encoder-decoder, a
   * separate embedding session) is refused in words.
   */
  async profile(
    batches: readonly number[],
    runs = PROFILE_RUNS,
    warmupRuns = PROFILE_WARMUP_RUNS,
  ): Promise<{ section: ProfileSection; trace: string | null }> {
    const { model } = await loadPretrained({
      ...this.load,
      modelClass: 'AutoModelForCausalLM',
      onFile: () => {},
      notes: [],
      onLost: () => {},
      sessionOptions: { enableProfiling: true },
    });
    const plan: ProfiledGenerations[] = [];
    try {
      const sessions = Object.values((model as unknown as { sessions: Record<string, Ort.InferenceSession> }).sessions);
      if (sessions.length !== 1)
        throw new InferenceError(`the model runs ${sessions.length} sessions: profiles cover single-session generators only`);
      const { lines } = await collectingTrace(async () => {
        for (const batchSize of batches) {
          if (!this.feeds.has(batchSize)) continue;
          const once = this.generateOnce(model, batchSize);
          for (let i = 0; i < warmupRuns; i++) await once();
          const wallMs: number[] = [];
          const firstTokenMs: number[] = [];
          for (let i = 0; i < runs; i++) {
            const t0 = performance.now();
            const first = await once();
            wallMs.push(performance.now() - t0);
            firstTokenMs.push(first - t0);
          }
          plan.push({ batchSize, warmupRuns, wallMs, firstTokenMs, steps: this.settings.newTokens });
        }
        for (const session of sessions) await session.endProfiling();
      });
      const events = parseOrtTrace(lines);
      const notes: string[] = [];
      const batchesOut = profileGenerations(events, plan, new Map()).map((b) => capNodes(b, notes));
      const gpuStep = gpuStepMs(events);
      const section: ProfileSection = {
        source: 'ort-profiler',
        requestedProvider: this.load.device,
        resolutionMs: gpuStep ?? 0.001,
        clock: gpuStep === null ? 'cpu' : 'gpu-timestamps',
        warmupRuns,
        layers: null,
        batches: batchesOut,
        notes: [
          ...notes,
          `each batch size in two parts: the prefill (each generate() call's first step, timed to its first token) and the ${this.settings.newTokens - 1} decode steps after it, summed`,
        ],
      };
      const chars = lines.reduce((n, l) => n + l.length + 1, 0);
      return { section, trace: chars <= MAX_TRACE_CHARS ? lines.join('\n') : null };
    } finally {
      await model.dispose();
    }
  }

  async dispose(): Promise<void> {
    this.feeds.clear();
    await this.model.dispose();
  }
}
