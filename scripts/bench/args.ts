// Command-line options of `npm run bench` (Node, pure): parsed, checked, and turned into the app's share link.
import { parseArgs } from 'node:util';
import {
  CPU_THROTTLE_METHOD,
  emulationToQuery,
  MAX_CPU_THROTTLE,
  NETWORK_NAMES,
  NETWORK_PROFILES,
  type NetworkProfile,
} from '../../src/shared/emulation.ts';
import {
  backendOf,
  checkPlan,
  DEFAULT_NEW_TOKENS,
  DEFAULT_PLAN,
  DEFAULT_WINDOW_SECONDS,
  parseBatches,
  planToQuery,
  type RunPlan,
} from '../../src/shared/run-plan.ts';

export const USAGE = `usage: npm run bench -- --model <catalog id | path to .onnx | URL> [options]

  --model ID|PATH|URL     catalog id (e.g. tierlab/tiny-code-encoder), a local .onnx file, or an http(s) URL
  --variant DTYPE         catalog variant: fp32, fp16, q8, int8, uint8, q4, q4f16, bnb4 (default fp32)
  --runtime NAME          onnxruntime-web (default) or transformers.js (generators always use transformers.js)
  --backend wasm|webgpu   execution provider (default wasm)
  --batches 1,2,4,8       batch sizes (default ${DEFAULT_PLAN.batches.join(',')})
  --seq N                 sequence length, or prompt tokens for generators (default ${DEFAULT_PLAN.seq})
  --threads N             WASM threads, 0 = all cores (default 0)
  --lang L                python, java, c, cpp, javascript or mixed (default mixed)
  --ci X                  target half-width of each median's 95% interval, relative (default ${DEFAULT_PLAN.protocol.targetRelCi})
  --tokens N              new tokens per sequence for generators (default 16)
  --endurance S           after the curve, run one batch size without pause for S seconds (600 = 10 minutes)
  --window S              endurance window length in seconds (default ${DEFAULT_WINDOW_SECONDS})
  --endurance-batch N     the batch size the endurance series runs (one of --batches; default the largest)
  --then idle|batch:N     after the endurance series, idle as long (drain at rest) or run batch N as long (A − B)
  --cpu-throttle N        slow the browser's CPU N times (1 to ${MAX_CPU_THROTTLE}), standing in for a slower device
  --network P             emulate ${NETWORK_NAMES.join(', ')} for the model download
  --profile               after the timed samples, a separate profiled pass per batch size (RunResult.profile)
  --trace FILE            with --profile: also write onnxruntime's raw trace (Chrome trace JSON, for Perfetto)
  --webgpu-swiftshader    run WebGPU on SwiftShader (automatic when --backend webgpu finds no GPU adapter)
  --hub URL               host with the Hugging Face Hub's layout for Hub models (default: the Hub)
  --timeout S             give up after S seconds (default 900, plus the endurance series' length)
  --out FILE              where to write the RunResult JSON (default tierlab-result.json)
  -h, --help              this text`;

export class BenchUsageError extends Error {
  override name = 'BenchUsageError';
}

export type ModelArg = { kind: 'catalog'; id: string } | { kind: 'url'; url: string } | { kind: 'path'; path: string };

export interface BenchOptions {
  model: ModelArg;
  /** The plan, checked against the schema. A local path is a `file` model here; it becomes a URL when the CLI serves it. */
  plan: RunPlan;
  cpuThrottle: number;
  network: NetworkProfile | null;
  swiftshader: boolean;
  hub: string | null;
  timeoutS: number;
  out: string;
  /** Where to write onnxruntime's raw trace of the profiled pass (with --profile), or null. */
  trace: string | null;
}

/** What --model names: a URL, a path to an .onnx file, or a catalog id. */
export function modelArg(text: string): ModelArg {
  if (/^https?:\/\//.test(text)) return { kind: 'url', url: text };
  if (/\.onnx$/i.test(text) || text.startsWith('.') || text.startsWith('/')) return { kind: 'path', path: text };
  return { kind: 'catalog', id: text };
}

function numberIn(name: string, text: string | undefined, fallback: number, min: number, max = Infinity): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isFinite(n) || n < min || n > max)
    throw new BenchUsageError(`--${name} must be a number from ${min}${max < Infinity ? ` to ${max}` : ' up'}, got "${text}"`);
  return n;
}

/** Turns a PlanError (or any failure) of a plan option into a usage error with the same words. */
function usage<T>(read: () => T): T {
  try {
    return read();
  } catch (err) {
    throw new BenchUsageError(err instanceof Error ? err.message : String(err));
  }
}

function wholeNumber(name: string, text: string | undefined, fallback: number, min: number): number {
  const n = numberIn(name, text, fallback, min);
  if (!Number.isInteger(n)) throw new BenchUsageError(`--${name} must be a whole number, got "${text}"`);
  return n;
}

/** The option that sets a plan field, for error messages. */
const OPTION_OF: Record<string, string> = {
  'model.dtype': 'variant',
  'model.id': 'model',
  'model.url': 'model',
  'model.name': 'model',
  language: 'lang',
  'protocol.targetRelCi': 'ci',
  'generation.newTokens': 'tokens',
  'endurance.seconds': 'endurance',
  'endurance.windowSeconds': 'window',
  'endurance.batch': 'endurance-batch',
  'endurance.then': 'then',
};

interface PlanValues {
  variant?: string;
  runtime?: string;
  backend?: string;
  batches?: string;
  seq?: string;
  threads?: string;
  lang?: string;
  ci?: string;
  tokens?: string;
  endurance?: string;
  window?: string;
  'endurance-batch'?: string;
  then?: string;
}

/** The run plan the options describe, built directly and checked against the schema. */
function planOf(model: ModelArg, values: PlanValues): RunPlan {
  const candidate = {
    ...DEFAULT_PLAN,
    model:
      model.kind === 'catalog'
        ? { kind: 'catalog', id: model.id, dtype: values.variant ?? 'fp32' }
        : model.kind === 'url'
          ? { kind: 'url', url: model.url }
          : { kind: 'file', name: model.path },
    runtime: values.runtime ?? DEFAULT_PLAN.runtime,
    backend: usage(() => backendOf(values.backend ?? DEFAULT_PLAN.backend)),
    batches: values.batches === undefined ? DEFAULT_PLAN.batches : usage(() => parseBatches(values.batches as string)),
    seq: wholeNumber('seq', values.seq, DEFAULT_PLAN.seq, 1),
    threads: wholeNumber('threads', values.threads, DEFAULT_PLAN.threads, 0),
    language: values.lang ?? DEFAULT_PLAN.language,
    protocol: {
      ...DEFAULT_PLAN.protocol,
      targetRelCi: numberIn('ci', values.ci, DEFAULT_PLAN.protocol.targetRelCi, 0.001, 1),
    },
    ...(values.tokens === undefined
      ? {}
      : { generation: { newTokens: wholeNumber('tokens', values.tokens, DEFAULT_NEW_TOKENS, 2), decoding: 'greedy' } }),
    ...enduranceOf(values, values.batches === undefined ? DEFAULT_PLAN.batches : parseBatches(values.batches)),
  };
  return usage(() => checkPlan(candidate, '', (path) => `--${OPTION_OF[path] ?? path}`));
}

/** The endurance settings the options ask for, if any (checked with the rest of the plan). */
function enduranceOf(values: PlanValues, batches: readonly number[]): Pick<RunPlan, 'endurance'> {
  if (values.endurance === undefined) {
    if (values.window ?? values['endurance-batch'] ?? values.then)
      throw new BenchUsageError('--window, --endurance-batch and --then need --endurance');
    return {};
  }
  const batch = wholeNumber('endurance-batch', values['endurance-batch'], Math.max(...batches), 1);
  if (!batches.includes(batch))
    throw new BenchUsageError(`--endurance-batch ${batch} must be one of the batch sizes (${batches.join(', ')})`);
  const other = /^batch:(\d+)$/.exec(values.then ?? '');
  const thenBatch = other ? Number(other[1]) : undefined;
  if (thenBatch !== undefined && !batches.includes(thenBatch))
    throw new BenchUsageError(`--then batch:${thenBatch} must name one of the batch sizes (${batches.join(', ')})`);
  return {
    endurance: {
      seconds: wholeNumber('endurance', values.endurance, 600, 1),
      windowSeconds: wholeNumber('window', values.window, DEFAULT_WINDOW_SECONDS, 1),
      batch,
      then: (other ? 'batch' : (values.then ?? 'none')) as 'none' | 'idle' | 'batch',
      ...(thenBatch !== undefined ? { thenBatch } : {}),
    },
  };
}

/** Parses argv (without node and script); throws BenchUsageError with the reason. Returns null for --help. */
export function parseBenchArgs(argv: string[]): BenchOptions | null {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        model: { type: 'string' },
        variant: { type: 'string' },
        runtime: { type: 'string' },
        backend: { type: 'string' },
        batches: { type: 'string' },
        seq: { type: 'string' },
        threads: { type: 'string' },
        lang: { type: 'string' },
        ci: { type: 'string' },
        tokens: { type: 'string' },
        endurance: { type: 'string' },
        window: { type: 'string' },
        'endurance-batch': { type: 'string' },
        then: { type: 'string' },
        'cpu-throttle': { type: 'string' },
        network: { type: 'string' },
        'webgpu-swiftshader': { type: 'boolean' },
        profile: { type: 'boolean' },
        trace: { type: 'string' },
        hub: { type: 'string' },
        timeout: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    throw new BenchUsageError(err instanceof Error ? err.message : String(err));
  }
  if (values.help) return null;
  if (!values.model) throw new BenchUsageError('--model is required');
  const model = modelArg(values.model);
  if (values.network !== undefined && !(NETWORK_NAMES as string[]).includes(values.network))
    throw new BenchUsageError(`--network must be one of ${NETWORK_NAMES.join(', ')}, got "${values.network}"`);
  if (values.hub !== undefined && !/^https?:\/\//.test(values.hub)) throw new BenchUsageError(`--hub must be an http(s) URL`);
  if (values.trace !== undefined && !values.profile) throw new BenchUsageError('--trace needs --profile');
  const plan = { ...planOf(model, values), ...(values.profile ? { profile: true } : {}) };
  return {
    model,
    plan,
    cpuThrottle: numberIn('cpu-throttle', values['cpu-throttle'], 1, 1, MAX_CPU_THROTTLE),
    network: (values.network as NetworkProfile | undefined) ?? null,
    swiftshader: values['webgpu-swiftshader'] ?? false,
    hub: values.hub ?? null,
    timeoutS: numberIn('timeout', values.timeout, 900 + enduranceSeconds(plan), 0.001),
    out: values.out ?? 'tierlab-result.json',
    trace: values.trace ?? null,
  };
}

/**
 * The page URL's query: the plan as a share link with autorun=1 (the app's own path, not a second one), the
 * emulation the CLI applies (so the result records it), and the Hub host when one was given.
 */
export function benchPageQuery(
  opts: BenchOptions,
  model: RunPlan['model'],
  swiftshader: boolean,
  cpuMeasured: number | null = null,
): string {
  const q = new URLSearchParams(planToQuery({ ...opts.plan, model }, true));
  const emulation = emulationToQuery({
    cpuThrottle: opts.cpuThrottle,
    cpuThrottleMeasured: cpuMeasured,
    cpuThrottleMethod: opts.cpuThrottle > 1 ? CPU_THROTTLE_METHOD : 'none',
    network: opts.network ? { profile: opts.network, ...NETWORK_PROFILES[opts.network] } : null,
    webgpuSwiftShader: swiftshader,
    declaredBy: 'tierlab-cli',
  });
  for (const [k, v] of Object.entries(emulation)) q.set(k, v);
  if (opts.hub) q.set('hub', opts.hub);
  return q.toString();
}

/** Seconds an endurance series adds to a run (twice its length with an idle phase after). */
function enduranceSeconds(plan: RunPlan): number {
  const e = plan.endurance;
  return e ? e.seconds * (e.then === 'none' ? 1 : 2) : 0;
}
