// The versioned RunResult contract (runs everywhere): built by the app, validated at every boundary, exported and stored.
import * as v from 'valibot';
import { EmulationSchema } from './emulation.ts';
import { OrtBuildInfoSchema } from './ort-build.ts';
import { parseData } from './parse-data.ts';
import { BACKENDS, RunPlanSchema } from './run-plan.ts';

export const SCHEMA_VERSION = 1;
export const MAX_SAMPLES_PER_POINT = 20000;

const finite = v.pipe(v.number(), v.finite());
const nonNegative = v.pipe(v.number(), v.finite(), v.minValue(0));
const nullableFinite = v.nullable(finite);
const shortText = v.pipe(v.string(), v.maxLength(500));

export const AdapterInfoSchema = v.strictObject({
  vendor: shortText,
  architecture: shortText,
  device: shortText,
  description: shortText,
  isFallbackAdapter: v.boolean(),
  features: v.pipe(v.array(v.pipe(v.string(), v.maxLength(100))), v.maxLength(100)),
});
export type AdapterInfo = v.InferOutput<typeof AdapterInfoSchema>;

export const EnvironmentSchema = v.strictObject({
  userAgent: v.pipe(v.string(), v.maxLength(1000)),
  platform: shortText,
  hardwareConcurrency: v.pipe(v.number(), v.integer(), v.minValue(0)),
  deviceMemoryGb: v.nullable(nonNegative),
  crossOriginIsolated: v.boolean(),
  /** Smallest step of performance.now() observed in the worker, ms. */
  timerResolutionMs: nonNegative,
  requestedProvider: v.picklist(BACKENDS),
  /** The execution provider the session was actually created with. */
  executionProvider: v.picklist(BACKENDS),
  threadsRequested: v.pipe(v.number(), v.integer(), v.minValue(0)),
  /** WASM threads in effect (1 when not cross-origin isolated). */
  threads: v.pipe(v.number(), v.integer(), v.minValue(1)),
  adapter: v.nullable(AdapterInfoSchema),
  /** Why WebGPU was not available, when it was not. */
  webgpuUnavailableReason: v.nullable(shortText),
  ortVersion: shortText,
  /** The onnxruntime-web build that ran (plain WASM, JSPI or asyncify WebGPU) and its wasm's size; absent on results
   *  from before builds were chosen per run. */
  ortBuild: v.optional(OrtBuildInfoSchema),
  sessionOptions: v.strictObject({
    graphOptimizationLevel: v.picklist(['disabled', 'basic', 'extended', 'layout', 'all']),
    preferredOutputLocation: v.picklist(['cpu', 'gpu-buffer']),
    enableGraphCapture: v.boolean(),
    notes: v.pipe(v.array(shortText), v.maxLength(20)),
  }),
  /** Emulation a harness (the benchmark CLI) applied to the browser and declared; absent on a plain run. */
  emulation: v.optional(EmulationSchema),
});
export type Environment = v.InferOutput<typeof EnvironmentSchema>;

export const TensorInfoSchema = v.strictObject({
  name: shortText,
  type: shortText,
  shape: v.pipe(v.array(v.union([v.number(), shortText])), v.maxLength(16)),
});
export type TensorInfo = v.InferOutput<typeof TensorInfoSchema>;

export const ModelInfoSchema = v.strictObject({
  id: shortText,
  source: v.picklist(['catalog', 'url', 'file']),
  variant: shortText,
  fileBytes: v.pipe(v.number(), v.integer(), v.minValue(0)),
  inputs: v.pipe(v.array(TensorInfoSchema), v.maxLength(64)),
  outputs: v.pipe(v.array(TensorInfoSchema), v.maxLength(64)),
  fetchMs: nonNegative,
  sessionCreateMs: nonNegative,
});
export type ModelInfo = v.InferOutput<typeof ModelInfoSchema>;

export const InputSummarySchema = v.strictObject({
  kind: v.picklist(['tokenized', 'synthetic']),
  padding: v.picklist(['max-length', 'longest']),
  /** Sequence length fed to the model (with 'longest' padding, the longest sample of the batch, capped). */
  sequenceLength: v.pipe(v.number(), v.integer(), v.minValue(1)),
  /** Real tokens per sample before padding, averaged over the samples used. */
  tokensPerSampleMean: nonNegative,
  /** Fraction of positions that are padding. */
  paddingFraction: v.pipe(v.number(), v.minValue(0), v.maxValue(1)),
  truncatedSamples: v.pipe(v.number(), v.integer(), v.minValue(0)),
  /** Tokenizer time per sample, ms, measured apart from the timed runs (absent for synthetic inputs). */
  tokenizeMsPerSample: v.optional(nonNegative),
  description: shortText,
});
export type InputSummary = v.InferOutput<typeof InputSummarySchema>;

export const PointStatsSchema = v.strictObject({
  n: v.pipe(v.number(), v.integer(), v.minValue(1)),
  min: finite,
  max: finite,
  mean: finite,
  sd: nonNegative,
  median: finite,
  p50: finite,
  p90: finite,
  p95: finite,
  p99: finite,
  ci95: v.strictObject({ lo: finite, hi: finite }),
  /** Half-width of ci95 relative to the median. */
  relCiHalfWidth: nonNegative,
  outliers: v.pipe(v.number(), v.integer(), v.minValue(0)),
});
export type PointStats = v.InferOutput<typeof PointStatsSchema>;

/** What a generation run measured at one batch size; every figure is per generate() call, over the same samples. */
export const GenerationPointSchema = v.strictObject({
  /** Tokens generated per sequence in every run. */
  newTokens: v.pipe(v.number(), v.integer(), v.minValue(2)),
  /** Time to first token: prefill of the prompt batch plus choosing the first token, ms. */
  ttft: PointStatsSchema,
  /** Decode time per generated token after the first ((total - ttft) / (newTokens - 1)), ms per step of the batch. */
  perTokenMs: PointStatsSchema,
  /** Tokens per second of the whole batch during decode, at the median per-token latency, with its interval. */
  decodeTokensPerSecond: nonNegative,
  decodeTokensPerSecondCi: v.strictObject({ lo: nonNegative, hi: nonNegative }),
  /** Generated tokens per second end to end (prefill included), at the median total latency. */
  tokensPerSecond: nonNegative,
  /** Samples of time to first token, ms, one per run, in the same order as samplesMs. */
  ttftSamplesMs: v.pipe(v.array(nonNegative), v.minLength(1), v.maxLength(MAX_SAMPLES_PER_POINT)),
});
export type GenerationPoint = v.InferOutput<typeof GenerationPointSchema>;

export const PointSchema = v.strictObject({
  batchSize: v.pipe(v.number(), v.integer(), v.minValue(1)),
  samplesMs: v.pipe(v.array(nonNegative), v.minLength(1), v.maxLength(MAX_SAMPLES_PER_POINT)),
  stats: PointStatsSchema,
  /** Items per second at the median latency. */
  throughput: nonNegative,
  perItemMs: nonNegative,
  /** Median latency relative to the smallest batch size's. */
  latencyRatio: nonNegative,
  /** Throughput relative to the smallest batch size's. */
  throughputRatio: nonNegative,
  visits: v.pipe(v.number(), v.integer(), v.minValue(1)),
  stoppedBy: v.picklist(['target', 'time-cap']),
  /** Median of the second half of the samples over the first half's (the drift test's size of change); null below ten samples. */
  driftRatio: v.nullable(finite),
  /** What this batch size fed the model (sequence length, real tokens, padding). */
  inputs: v.optional(InputSummarySchema),
  /** Samples of a first pass thrown away because that pass drifted; the point was then measured again. */
  discardedSamples: v.pipe(v.number(), v.integer(), v.minValue(0)),
  /** Generation runs only: prefill, decode and token rates (samplesMs then holds whole generate() calls). */
  generation: v.optional(GenerationPointSchema),
});
export type Point = v.InferOutput<typeof PointSchema>;

export const WarmupSchema = v.strictObject({
  batchSize: v.pipe(v.number(), v.integer(), v.minValue(1)),
  /** The first run: includes kernel and shader compilation. */
  firstRunMs: nonNegative,
  runsMs: v.pipe(v.array(nonNegative), v.maxLength(5000)),
  /** Two consecutive warm-up chunks agreed within WARMUP_TOLERANCE before the time limit. */
  settled: v.boolean(),
});

export const FlagsSchema = v.strictObject({
  /** The WebGPU adapter is a software fallback (e.g. SwiftShader). */
  fallbackAdapter: v.boolean(),
  /** The requested execution provider could not be used and another was. */
  providerFallback: v.boolean(),
  /** The tab was hidden during the run. */
  backgrounded: v.boolean(),
  /** Latency drifted between the first and last rounds. */
  drift: v.boolean(),
  deviceLost: v.boolean(),
  /** Many outliers: the device was busy or throttling. */
  unstable: v.boolean(),
  /** Some batch size hit its time cap before reaching the target interval. */
  ciNotReached: v.boolean(),
  /** WASM ran on one thread although more were asked for. */
  singleThreaded: v.boolean(),
  /** The CPU or network was emulated by a harness: not this device's own speed. */
  emulated: v.boolean(),
});
export type Flags = v.InferOutput<typeof FlagsSchema>;

export const RunResultSchema = v.strictObject({
  schemaVersion: v.literal(SCHEMA_VERSION),
  id: v.pipe(v.string(), v.maxLength(100)),
  createdAt: v.pipe(v.string(), v.isoTimestamp()),
  appVersion: shortText,
  environment: EnvironmentSchema,
  model: ModelInfoSchema,
  plan: RunPlanSchema,
  inputs: InputSummarySchema,
  warmupMs: v.pipe(v.array(WarmupSchema), v.maxLength(64)),
  points: v.pipe(v.array(PointSchema), v.minLength(1), v.maxLength(64)),
  fit: v.strictObject({ fixedMs: nullableFinite, perItemMs: nullableFinite, r2: nullableFinite }),
  /** Correlation of batch size with latency over every sample. */
  correlation: v.strictObject({ pearson: nullableFinite, spearman: nullableFinite }),
  /** Smallest batch size after which doubling adds under 10% throughput; null when throughput kept growing. */
  saturationBatch: v.nullable(v.number()),
  durationMs: nonNegative,
  flags: FlagsSchema,
  /** Plain-language reasons for each raised flag. */
  notes: v.pipe(v.array(shortText), v.maxLength(50)),
});
export type RunResult = v.InferOutput<typeof RunResultSchema>;

/** Validates unknown data as a RunResult; throws with the first problem's path. */
export function parseRunResult(data: unknown): RunResult {
  return parseData(RunResultSchema, data, 'not a valid RunResult');
}
