// The per-operator profile of a run (runs everywhere): an optional section of RunResult, filled by a separate,
// profiled pass per batch size after the timed samples (never inside them). Only per-node records are kept; every
// figure the page shows (per op type, per layer, fallbacks, copies) is computed from them by src/bench/profile/.
import * as v from 'valibot';
import { BACKENDS } from './run-plan.ts';

/** Profiled runs per batch size, after PROFILE_WARMUP_RUNS unrecorded ones. */
export const PROFILE_RUNS = 5;
export const PROFILE_WARMUP_RUNS = 2;
/** Caps that keep a profile of a large model storable: nodes per batch size, runs, shapes per node. */
export const MAX_PROFILE_NODES = 5000;
export const MAX_PROFILE_RUNS = 20;
/** The raw trace a run offers for download is dropped past this many characters (the profile itself is kept). */
export const MAX_TRACE_CHARS = 64 * 1024 * 1024;

const nonNegative = v.pipe(v.number(), v.finite(), v.minValue(0));
const perRun = v.pipe(v.array(nonNegative), v.minLength(1), v.maxLength(MAX_PROFILE_RUNS));

export const ProfileNodeSchema = v.strictObject({
  /** The node's name in the graph onnxruntime ran (after its optimizations: a fused node has a new name). */
  name: v.pipe(v.string(), v.minLength(1), v.maxLength(300)),
  /** Its op type as onnxruntime ran it, e.g. MatMul, FusedMatMul, MatMulNBits, Cast. */
  op: v.pipe(v.string(), v.minLength(1), v.maxLength(100)),
  /** The execution provider that ran it, as onnxruntime names it (CPUExecutionProvider, WebGpuExecutionProvider). */
  provider: v.pipe(v.string(), v.maxLength(100)),
  /** Which clock timed it: GPU timestamps of its dispatches, or the CPU clock around the kernel call (every node on
   *  WASM; on WebGPU, nodes without a dispatch: CPU kernels, copies, reshapes). */
  clock: v.picklist(['cpu', 'gpu']),
  /** Zero-based layer (attention block) it belongs to, from the layer boundaries the tiers page finds; null outside
   *  every layer (embeddings before the first, the head after the last) or where the model has none. */
  layer: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1000))),
  /** Its time in each profiled run, ms (a node run several times in one run, inside a Loop or If, is summed). */
  ms: perRun,
  /** Input types and shapes as onnxruntime recorded them, e.g. "float[2,16,128]". */
  inputShapes: v.pipe(v.array(v.pipe(v.string(), v.maxLength(200))), v.maxLength(16)),
});
export type ProfileNode = v.InferOutput<typeof ProfileNodeSchema>;

export const ProfileBatchSchema = v.strictObject({
  batchSize: v.pipe(v.number(), v.integer(), v.minValue(1)),
  /** A generator's batch size has two profiles: the prefill (each call's first step, timed to its first token) and
   *  the decode steps (the rest of each call, summed). Absent for a classifier's forward pass. */
  phase: v.optional(v.picklist(['prefill', 'decode'])),
  /** Each profiled run from session.run to every output read back, ms, on the worker's clock (as samples are); for
   *  a generator's phases, the call's time to its first token, or the rest of the call. */
  wallMs: perRun,
  /** onnxruntime's own time for each run (its model_run event), ms. */
  runMs: perRun,
  nodes: v.pipe(v.array(ProfileNodeSchema), v.maxLength(MAX_PROFILE_NODES)),
});
export type ProfileBatch = v.InferOutput<typeof ProfileBatchSchema>;

export const ProfileSectionSchema = v.strictObject({
  /** onnxruntime-web's session profiler (enableProfiling), read from what it prints at endProfiling. */
  source: v.literal('ort-profiler'),
  /** The execution provider the run asked for: nodes on any other one are fallbacks. */
  requestedProvider: v.picklist(BACKENDS),
  /** The clock's step, ms: the profiler records whole microseconds; GPU timestamps also come quantized by the
   *  browser, and then this is the step every GPU duration was a multiple of. */
  resolutionMs: nonNegative,
  /** Where kernel times come from: the CPU clock around each kernel (WASM), or GPU timestamp queries (WebGPU, where
   *  the adapter has timestamp-query; nodes without a dispatch keep the CPU clock). */
  clock: v.picklist(['cpu', 'gpu-timestamps']),
  warmupRuns: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(100)),
  /** Layers the graph's boundaries show; null where none were found (a generator, a graph without LayerNorms). */
  layers: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1000))),
  batches: v.pipe(v.array(ProfileBatchSchema), v.minLength(1), v.maxLength(64)),
  notes: v.pipe(v.array(v.pipe(v.string(), v.maxLength(500))), v.maxLength(20)),
});
export type ProfileSection = v.InferOutput<typeof ProfileSectionSchema>;
