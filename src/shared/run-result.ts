// The versioned RunResult contract (runs everywhere): built by the app, validated at every boundary, exported and stored.
import * as v from 'valibot';
import { MAX_SAMPLES_PER_POINT, MAX_WARMUP_RUNS } from './sample-caps.ts';
import { EmulationSchema } from './emulation.ts';
import { ModelProvenanceSchema } from './operators.ts';
import { OrtBuildInfoSchema } from './ort-build.ts';
import { parseData } from './parse-data.ts';
import { EnergySectionSchema } from './energy-result.ts';
import { ProfileSectionSchema } from './profile.ts';
import { BACKENDS, RunPlanSchema } from './run-plan.ts';

/** Version 3: an optional energy section (endurance runs). Version 2 (the same without it) is still read and accepted:
 *  the server recomputes every statistic from its raw data. Version 2 began that: points carry their drift test and
 *  any discarded first pass; no `unstable` flag. Version-1 results are still read (upgraded by `parseRunResult`) but
 *  no longer accepted. */
export const SCHEMA_VERSION = 3;
/** The oldest version the results server accepts. */
export const MIN_ACCEPTED_VERSION = 2;

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
  /** This model's session creation, ms (the runtime's one-time start-up excluded where runtimeStartupMs is given). */
  sessionCreateMs: nonNegative,
  /** onnxruntime-web's one-time start-up in the worker (wasm compile, thread pool, GPU device), timed apart on a
   *  one-node model before the session; absent in older results and where it could not be timed. */
  runtimeStartupMs: v.optional(nonNegative),
  /** The operators the TierLab operators lab applied to make this file, read from its metadata_props (absent for
   *  any other model). A claim of the file, shown as such: the latency measured is this file's either way. */
  provenance: v.optional(ModelProvenanceSchema),
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
  /** The exact shape fed to each model input (absent in results made before shapes were recorded). */
  shapes: v.optional(
    v.pipe(
      v.record(
        v.pipe(v.string(), v.maxLength(200)),
        v.pipe(v.array(v.pipe(v.number(), v.integer(), v.minValue(0))), v.maxLength(8)),
      ),
      v.check((o) => Object.keys(o).length <= 256, 'at most 256 inputs'),
    ),
  ),
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

export const DriftTestSchema = v.strictObject({
  /** Samples in the first and second half. */
  n: v.tuple([v.pipe(v.number(), v.integer(), v.minValue(0)), v.pipe(v.number(), v.integer(), v.minValue(0))]),
  /** Median of the second half over the first half's. */
  ratio: finite,
  /** Standardized rank-sum statistic; positive when later samples were slower. */
  z: finite,
  pValue: v.pipe(v.number(), v.minValue(0), v.maxValue(1)),
  /** Significance level used: 4% per run over the plan's batch sizes. */
  alpha: v.pipe(v.number(), v.minValue(0), v.maxValue(1)),
  drifting: v.boolean(),
});
export type DriftTestInfo = v.InferOutput<typeof DriftTestSchema>;

export const DiscardedPassSchema = v.strictObject({
  samplesMs: v.pipe(v.array(nonNegative), v.minLength(1), v.maxLength(MAX_SAMPLES_PER_POINT)),
  drift: DriftTestSchema,
  reason: shortText,
});
export type DiscardedPass = v.InferOutput<typeof DiscardedPassSchema>;

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
  stoppedBy: v.picklist(['target', 'time-cap', 'sample-cap']),
  /** Rank-sum test of the first against the second half of the samples; null below ten samples. */
  drift: v.nullable(DriftTestSchema),
  /** What this batch size fed the model (sequence length, real tokens, padding). */
  inputs: v.optional(InputSummarySchema),
  /** A first pass thrown away because it failed the drift test (its samples, its test, why); then measured again. */
  discarded: v.nullable(DiscardedPassSchema),
  /** Generation runs only: prefill, decode and token rates (samplesMs then holds whole generate() calls). */
  generation: v.optional(GenerationPointSchema),
});
export type Point = v.InferOutput<typeof PointSchema>;

export const WarmupSchema = v.strictObject({
  batchSize: v.pipe(v.number(), v.integer(), v.minValue(1)),
  /** The first run: includes kernel and shader compilation. */
  firstRunMs: nonNegative,
  runsMs: v.pipe(v.array(nonNegative), v.maxLength(MAX_WARMUP_RUNS)),
  /** The last warm-up chunks agreed and had stopped falling (warmupSettled in src/bench/protocol.ts) before the time limit. */
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
  /** The GPU device was lost: the result holds only the batch sizes measured before. */
  deviceLost: v.boolean(),
  /** Some batch size hit its time cap or its sample cap before reaching the target interval. */
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
  /** Endurance runs only: windows, battery readings, pressure states and energy figures (version 3). */
  energy: v.optional(EnergySectionSchema),
  /** Profiled runs only: per-node times from a separate pass per batch size (added within version 3, optional). */
  profile: v.optional(ProfileSectionSchema),
});
export type RunResult = v.InferOutput<typeof RunResultSchema>;

/** Version 2: the current shape without the energy section. */
const RunResultV2Schema = v.strictObject({
  ...v.omit(RunResultSchema, ['energy', 'profile']).entries,
  schemaVersion: v.literal(2),
});

// Version 1, read only: points with a drift ratio of visits and a count of discarded samples, and an `unstable` flag.
const PointV1Schema = v.strictObject({
  ...v.omit(PointSchema, ['drift', 'discarded']).entries,
  driftRatio: v.nullable(finite),
  discardedSamples: v.pipe(v.number(), v.integer(), v.minValue(0)),
});
const RunResultV1Schema = v.strictObject({
  ...v.omit(RunResultSchema, ['energy', 'profile']).entries,
  schemaVersion: v.literal(1),
  points: v.pipe(v.array(PointV1Schema), v.minLength(1), v.maxLength(64)),
  flags: v.strictObject({ ...FlagsSchema.entries, unstable: v.boolean() }),
});

/** A version-1 result in the current shape: no drift tests, and a discarded pass's samples were never kept. */
export function upgradeV1(r: v.InferOutput<typeof RunResultV1Schema>): RunResult {
  const { unstable: _unstable, ...flags } = r.flags;
  return {
    ...r,
    schemaVersion: SCHEMA_VERSION,
    flags,
    points: r.points.map(({ driftRatio: _ratio, discardedSamples: _discarded, ...p }) => ({
      ...p,
      drift: null,
      discarded: null,
    })),
    notes: [...r.notes, 'schema version 1: statistics computed by the client and not verified by a server'].slice(0, 50),
  };
}

/**
 * Validates unknown data as a RunResult the server accepts: the current version, or version 2 read as the current
 * one (it has no energy section). Throws with the first problem's path. Version 1 is refused.
 */
export function parseCurrentRunResult(data: unknown): RunResult {
  const version = data && typeof data === 'object' ? (data as { schemaVersion?: unknown }).schemaVersion : undefined;
  if (version === 2)
    return { ...parseData(RunResultV2Schema, data, 'not a valid RunResult (version 2)'), schemaVersion: SCHEMA_VERSION };
  return parseData(RunResultSchema, data, 'not a valid RunResult');
}

/**
 * Validates unknown data as a RunResult of any version this app reads: version 2 as is, version 1 upgraded
 * (`upgradeV1`: no drift tests, discarded passes without their samples). Throws with the first problem's path.
 */
export function parseRunResult(data: unknown): RunResult {
  const version = data && typeof data === 'object' ? (data as { schemaVersion?: unknown }).schemaVersion : undefined;
  if (version === 1) return upgradeV1(parseData(RunResultV1Schema, data, 'not a valid RunResult (version 1)'));
  return parseCurrentRunResult(data);
}
