// The run plan and its share-link form (runs everywhere): what to measure, parsed from and written to a URL query.
import * as v from 'valibot';
import { DTYPES, type Dtype } from './catalog.ts';
import { LANGUAGES } from './snippets.ts';
import { PlanError } from './errors.ts';

export const BACKENDS = ['wasm', 'webgpu'] as const;
export type Backend = (typeof BACKENDS)[number];

export const DEFAULT_BATCHES = [1, 2, 4, 8, 16, 32] as const;
export const MAX_BATCH = 1024;
export const MAX_POINTS = 32;
export const MAX_SEQUENCE = 4096;

export const ModelRefSchema = v.variant('kind', [
  v.strictObject({ kind: v.literal('catalog'), id: v.pipe(v.string(), v.maxLength(200)), dtype: v.picklist(DTYPES) }),
  v.strictObject({ kind: v.literal('url'), url: v.pipe(v.string(), v.url(), v.maxLength(2000)) }),
  v.strictObject({ kind: v.literal('file'), name: v.pipe(v.string(), v.maxLength(500)) }),
]);
export type ModelRef = v.InferOutput<typeof ModelRefSchema>;

export const ProtocolSettingsSchema = v.strictObject({
  /** Fewest runs in a warm-up chunk; chunks repeat until the last three agree (see src/bench/protocol.ts warmUp). */
  warmupRuns: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(100)),
  /** Most time spent warming up one batch size, ms, when its latency keeps changing (JIT tier-up, clocks). */
  warmupMaxMs: v.pipe(v.number(), v.minValue(0), v.maxValue(600000)),
  minSamples: v.pipe(v.number(), v.integer(), v.minValue(2), v.maxValue(10000)),
  /** Least time spent sampling each batch size, ms. */
  minTimeMs: v.pipe(v.number(), v.minValue(0), v.maxValue(600000)),
  /** Most time spent sampling each batch size, ms: the cap that ends sampling when the target is not reached. */
  maxTimeMs: v.pipe(v.number(), v.minValue(1), v.maxValue(3600000)),
  /** Target half-width of the 95% interval of the median, relative to it (0.05 = plus or minus 5%). */
  targetRelCi: v.pipe(v.number(), v.minValue(0.001), v.maxValue(1)),
  /** Time per visit of a batch size in a round, ms; sets how many samples a visit takes. */
  visitMs: v.pipe(v.number(), v.minValue(1), v.maxValue(60000)),
});
export type ProtocolSettings = v.InferOutput<typeof ProtocolSettingsSchema>;

export const MAX_NEW_TOKENS = 512;
export const DEFAULT_NEW_TOKENS = 16;

/** How a generator is driven: every sequence generates exactly `newTokens` tokens, greedily, with the KV cache. */
export const GenerationSettingsSchema = v.strictObject({
  /** Tokens generated per sequence (end-of-sequence is suppressed until then, so every run does the same work). */
  newTokens: v.pipe(v.number(), v.integer(), v.minValue(2), v.maxValue(MAX_NEW_TOKENS)),
  decoding: v.literal('greedy'),
});
export type GenerationSettings = v.InferOutput<typeof GenerationSettingsSchema>;

/** Endurance mode: one batch size run without pause for `seconds`, in windows of `windowSeconds`, then (`then`) idle
 *  or another batch size for as long, so battery drain under load can be set against the drain at rest or at B. */
export const EnduranceSettingsSchema = v.pipe(
  v.strictObject({
    seconds: v.pipe(v.number(), v.integer(), v.minValue(10), v.maxValue(3600)),
    windowSeconds: v.pipe(v.number(), v.integer(), v.minValue(2), v.maxValue(60)),
    batch: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_BATCH)),
    /** What follows the load (A): nothing, as long idle, or as long at another batch size (`thenBatch`). */
    then: v.picklist(['none', 'idle', 'batch']),
    thenBatch: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_BATCH))),
  }),
  v.check(
    (e) => (e.then === 'batch') === (e.thenBatch !== undefined) && e.thenBatch !== e.batch,
    "then: 'batch' needs thenBatch, another batch size than the load's (and only then)",
  ),
);
export type EnduranceSettings = v.InferOutput<typeof EnduranceSettingsSchema>;
/** 10 minutes in 30-second windows; 20 minutes for a thermal test. */
export const DEFAULT_ENDURANCE_SECONDS = 600;
export const THERMAL_ENDURANCE_SECONDS = 1200;
export const DEFAULT_WINDOW_SECONDS = 30;

export const RUNTIMES = ['onnxruntime-web', 'transformers.js'] as const;
export type RuntimeName = (typeof RUNTIMES)[number];

export const RunPlanSchema = v.strictObject({
  model: ModelRefSchema,
  /** onnxruntime-web sessions directly, or transformers.js models (catalog models only). */
  runtime: v.picklist(RUNTIMES),
  backend: v.picklist(BACKENDS),
  /** WASM threads requested; 0 means the device's default (all cores when cross-origin isolated). */
  threads: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(256)),
  batches: v.pipe(
    v.array(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_BATCH))),
    v.minLength(1),
    v.maxLength(MAX_POINTS),
  ),
  seq: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_SEQUENCE)),
  language: v.picklist([...LANGUAGES, 'mixed']),
  /** Pad to the sequence cap ('max-length') or to the batch's longest sample ('longest', as servers batch). */
  padding: v.picklist(['max-length', 'longest']),
  protocol: ProtocolSettingsSchema,
  /** Present for generators: the run measures generation (prefill, decode) instead of one forward pass. */
  generation: v.optional(GenerationSettingsSchema),
  /** Present for an endurance run: after the protocol, one batch size runs without pause (RunResult.energy). */
  endurance: v.optional(EnduranceSettingsSchema),
  /** True for a profiled run: after the timed samples, a separate pass per batch size records every operator's time
   *  (RunResult.profile). It changes nothing in the samples, so it is no part of what results pool on. */
  profile: v.optional(v.boolean()),
});
export type RunPlan = v.InferOutput<typeof RunPlanSchema>;

export const DEFAULT_PROTOCOL: ProtocolSettings = {
  warmupRuns: 3,
  warmupMaxMs: 5000,
  minSamples: 5,
  minTimeMs: 300,
  maxTimeMs: 10000,
  targetRelCi: 0.05,
  visitMs: 150,
};

export const DEFAULT_PLAN: RunPlan = {
  model: { kind: 'catalog', id: 'tierlab/tiny-code-encoder', dtype: 'fp32' },
  runtime: 'onnxruntime-web',
  backend: 'wasm',
  threads: 0,
  batches: [...DEFAULT_BATCHES],
  seq: 128,
  language: 'mixed',
  padding: 'max-length',
  protocol: DEFAULT_PROTOCOL,
};

/**
 * The plan as it runs for a model of `task`: a generator always runs on transformers.js with generation settings
 * (defaults when the plan has none); a classifier never carries them.
 */
export function planForTask(plan: RunPlan, task: 'text-classification' | 'text-generation'): RunPlan {
  if (task === 'text-generation') {
    return {
      ...plan,
      runtime: 'transformers.js',
      generation: plan.generation ?? { newTokens: DEFAULT_NEW_TOKENS, decoding: 'greedy' },
    };
  }
  if (!plan.generation) return plan;
  const { generation: _dropped, ...rest } = plan;
  return rest;
}

/** Parses "1,2,4" into sorted unique batch sizes. */
export function parseBatches(text: string): number[] {
  const parts = text.split(/[\s,]+/).filter(Boolean);
  const values = parts.map((p) => Number(p));
  const bad = parts.find(
    (p, i) => !Number.isInteger(values[i]) || (values[i] as number) < 1 || (values[i] as number) > MAX_BATCH,
  );
  if (bad !== undefined) throw new PlanError(`batch size "${bad}" is not a whole number from 1 to ${MAX_BATCH}`);
  if (values.length === 0) throw new PlanError('give at least one batch size');
  const unique = [...new Set(values)].sort((a, b) => a - b);
  if (unique.length > MAX_POINTS) throw new PlanError(`at most ${MAX_POINTS} batch sizes, got ${unique.length}`);
  return unique;
}

function modelFromQuery(q: URLSearchParams, base: ModelRef): ModelRef {
  const model = q.get('model');
  if (model && /^https?:\/\//.test(model)) return { kind: 'url', url: model };
  const id = model ?? (base.kind === 'catalog' ? base.id : null);
  if (id === null) return base;
  const dtype = q.get('variant') ?? (model === null && base.kind === 'catalog' ? base.dtype : 'fp32');
  if (!(DTYPES as readonly string[]).includes(dtype))
    throw new PlanError(`unknown variant "${dtype}"; use one of ${DTYPES.join(', ')}`);
  return { kind: 'catalog', id, dtype: dtype as Dtype };
}

function intParam(q: URLSearchParams, key: string, fallback: number): number {
  const raw = q.get(key);
  if (raw === null || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new PlanError(`"${key}" must be a whole number, got "${raw}"`);
  return n;
}

/** A backend name, or a PlanError naming the ones there are. */
export function backendOf(text: string): Backend {
  if (!(BACKENDS as readonly string[]).includes(text)) throw new PlanError(`unknown backend "${text}"; use wasm or webgpu`);
  return text as Backend;
}

/**
 * A plan from any candidate object; a PlanError (`prefix`, the field as `name` calls it, the reason) when it is not
 * one. `name` turns a plan field's path (`model.dtype`) into what the reader typed (a share-link key, an option).
 */
export function checkPlan(candidate: unknown, prefix = '', name: (path: string) => string = (p) => p): RunPlan {
  const parsed = v.safeParse(RunPlanSchema, candidate);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    throw new PlanError(`${prefix}${name(v.getDotPath(issue) ?? 'plan')}: ${issue.message}`);
  }
  return parsed.output;
}

/** Reads a plan from a share-link query; absent keys keep `base`. Throws PlanError on bad values. */
export function planFromQuery(query: string | URLSearchParams, base: RunPlan = DEFAULT_PLAN): RunPlan {
  const q = typeof query === 'string' ? new URLSearchParams(query) : query;
  const backend = backendOf(q.get('backend') ?? base.backend);
  const language = q.get('lang') ?? base.language;
  const ci = q.get('ci');
  const tokens = q.get('tokens');
  const generation =
    tokens !== null ? { newTokens: intParam(q, 'tokens', DEFAULT_NEW_TOKENS), decoding: 'greedy' } : base.generation;
  const candidate = {
    model: modelFromQuery(q, base.model),
    runtime: q.get('runtime') ?? base.runtime,
    backend,
    threads: intParam(q, 'threads', base.threads),
    batches: q.has('batches') ? parseBatches(q.get('batches') ?? '') : base.batches,
    seq: intParam(q, 'seq', base.seq),
    language,
    padding: q.get('pad') ?? base.padding,
    protocol: { ...base.protocol, ...(ci ? { targetRelCi: Number(ci) } : {}) },
    ...(generation ? { generation } : {}),
    ...enduranceFromQuery(q, base),
    ...profileFromQuery(q, base),
  };
  return checkPlan(candidate, 'invalid share link: ');
}

/** Writes the plan as a share-link query (a dropped file cannot be shared and is left out). */
export function planToQuery(plan: RunPlan, autorun = false): string {
  const q = new URLSearchParams();
  if (plan.model.kind === 'catalog') {
    q.set('model', plan.model.id);
    q.set('variant', plan.model.dtype);
  } else if (plan.model.kind === 'url') {
    q.set('model', plan.model.url);
  }
  if (plan.runtime !== 'onnxruntime-web') q.set('runtime', plan.runtime);
  q.set('backend', plan.backend);
  q.set('threads', String(plan.threads));
  q.set('batches', plan.batches.join(','));
  q.set('seq', String(plan.seq));
  q.set('lang', plan.language);
  if (plan.padding !== 'max-length') q.set('pad', plan.padding);
  if (plan.protocol.targetRelCi !== DEFAULT_PROTOCOL.targetRelCi) q.set('ci', String(plan.protocol.targetRelCi));
  if (plan.generation) q.set('tokens', String(plan.generation.newTokens));
  if (plan.endurance) {
    q.set('endurance', String(plan.endurance.seconds));
    if (plan.endurance.windowSeconds !== DEFAULT_WINDOW_SECONDS) q.set('window', String(plan.endurance.windowSeconds));
    q.set('endbatch', String(plan.endurance.batch));
    if (plan.endurance.then === 'idle') q.set('then', 'idle');
    if (plan.endurance.then === 'batch') q.set('then', `batch:${plan.endurance.thenBatch}`);
  }
  if (plan.profile) q.set('profile', '1');
  if (autorun) q.set('autorun', '1');
  return q.toString();
}

/** `profile=1` turns the profiled pass on and `profile=0` off; absent, the base plan's choice holds. */
function profileFromQuery(q: URLSearchParams, base: RunPlan): Pick<RunPlan, 'profile'> {
  const value = q.get('profile');
  if (value === null) return base.profile ? { profile: true } : {};
  if (value !== '1' && value !== '0')
    throw new PlanError(`invalid share link: profile must be 1 or 0, not "${value.slice(0, 20)}"`);
  return value === '1' ? { profile: true } : {};
}

/**
 * `endurance=<seconds>` (with `window=<seconds>`, `endbatch=<batch>`, `then=idle` or `then=batch:<batch>`) from a
 * share link; the batch defaults to the plan's largest. Absent: the base plan's endurance, if any.
 */
function enduranceFromQuery(q: URLSearchParams, base: RunPlan): Pick<RunPlan, 'endurance'> {
  if (!q.has('endurance')) return base.endurance ? { endurance: base.endurance } : {};
  const batches = q.has('batches') ? parseBatches(q.get('batches') ?? '') : base.batches;
  const batch = intParam(q, 'endbatch', Math.max(...batches));
  if (!batches.includes(batch))
    throw new PlanError(`invalid share link: endbatch ${batch} must be one of the batch sizes (${batches.join(', ')})`);
  const then = q.get('then') ?? 'none';
  const other = /^batch:(\d+)$/.exec(then);
  const thenBatch = other ? Number(other[1]) : undefined;
  if (thenBatch !== undefined && !batches.includes(thenBatch))
    throw new PlanError(`invalid share link: then=batch:${thenBatch} must name one of the batch sizes (${batches.join(', ')})`);
  return {
    endurance: {
      seconds: intParam(q, 'endurance', DEFAULT_ENDURANCE_SECONDS),
      windowSeconds: intParam(q, 'window', DEFAULT_WINDOW_SECONDS),
      batch,
      then: (other ? 'batch' : then) as EnduranceSettings['then'],
      ...(thenBatch !== undefined ? { thenBatch } : {}),
    },
  };
}
