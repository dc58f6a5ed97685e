// Reads what onnxruntime-web's session profiler prints at endProfiling (pure; the inference worker and Node tests).
// In the browser the profiler writes no file: onnxruntime's profiler (onnxruntime/core/common/profiler.cc) streams a
// Chrome trace (a JSON array, one event per line) to stdout, which Emscripten hands to console.log line by line.
// Events: "Session" ones (model_loading, session_initialization, model_run per run), "Node" ones per kernel
// (`<node>_kernel_time`, args op_name, provider, input_type_shape: on WebGPU the CPU side of the call), and on WebGPU
// "Api" ones from GPU timestamp queries, one per dispatch (`<node>&<op>&<program>`, args shapes;
// onnxruntime/core/providers/webgpu/webgpu_context.cc, CollectProfilingData).
import type { ProfileBatch, ProfileNode } from '../../shared/profile.ts';

export interface TraceEvent {
  cat: string;
  name: string;
  /** Start and duration, µs. */
  ts: number;
  dur: number;
  args: Record<string, unknown>;
}

/** Most events read from one trace: a profile past this is cut, never allowed to exhaust the worker's memory. */
export const MAX_TRACE_EVENTS = 500_000;

const KERNEL_SUFFIX = '_kernel_time';

/**
 * The complete ("ph": "X") events among `lines` (whatever else was printed in between is skipped: warnings, other
 * logs). A line is one event, optionally followed by a comma, or the array's brackets.
 */
export function parseOrtTrace(lines: Iterable<string>): TraceEvent[] {
  const events: TraceEvent[] = [];
  for (const raw of lines) {
    if (events.length >= MAX_TRACE_EVENTS) break;
    const line = raw.trim().replace(/,$/, '');
    if (!line.startsWith('{')) continue;
    let e: unknown;
    try {
      e = JSON.parse(line);
    } catch {
      continue;
    }
    if (!e || typeof e !== 'object') continue;
    const o = e as Record<string, unknown>;
    if (o.ph !== 'X' || typeof o.name !== 'string' || typeof o.cat !== 'string') continue;
    if (typeof o.ts !== 'number' || typeof o.dur !== 'number' || !Number.isFinite(o.ts) || !(o.dur >= 0)) continue;
    const args = o.args && typeof o.args === 'object' ? (o.args as Record<string, unknown>) : {};
    events.push({ cat: o.cat, name: o.name, ts: o.ts, dur: o.dur, args });
  }
  return events;
}

/** The model_run events in order: one per session.run() since the session was created. */
export function modelRuns(events: readonly TraceEvent[]): TraceEvent[] {
  return events.filter((e) => e.cat === 'Session' && e.name === 'model_run').sort((a, b) => a.ts - b.ts);
}

/** One input's type and shape as ORT records it ({"float":[2,16,128]}) written "float[2,16,128]". */
function shapeText(entry: unknown): string | null {
  if (!entry || typeof entry !== 'object') return null;
  const [type, dims] = Object.entries(entry as Record<string, unknown>)[0] ?? [];
  if (typeof type !== 'string' || !Array.isArray(dims)) return null;
  return `${type}[${dims.map((d) => (typeof d === 'number' ? d : '?')).join(',')}]`.slice(0, 200);
}

interface Kernel {
  name: string;
  op: string;
  provider: string;
  inputShapes: string[];
  us: number;
}

/** GPU timestamp events: named `<node>&<op>&<program>` by onnxruntime's WebGPU provider, one per dispatch. */
function gpuEvents(events: readonly TraceEvent[]): TraceEvent[] {
  return events.filter((e) => e.cat === 'Api' && e.name.includes('&')).sort((a, b) => a.ts - b.ts);
}

/** Each node's GPU time in one run, µs: its dispatches inside the run's window, summed. */
function gpuTimesIn(gpu: readonly TraceEvent[], run: TraceEvent): Map<string, number> {
  const out = new Map<string, number>();
  const end = run.ts + run.dur;
  for (let i = firstFrom(gpu, run.ts); i < gpu.length && (gpu[i] as TraceEvent).ts <= end; i++) {
    const e = gpu[i] as TraceEvent;
    const node = e.name.slice(0, e.name.indexOf('&'));
    out.set(node, (out.get(node) ?? 0) + e.dur);
  }
  return out;
}

/** Candidate steps of a GPU clock, ms: the largest that every recorded GPU duration is a whole multiple of. */
const GPU_STEPS_MS = [0.1, 0.05, 0.01, 0.005, 0.001];

/**
 * The GPU timestamps' step as observed, ms: Chromium quantizes timestamp queries (to 100 µs unless its developer
 * features are on) and onnxruntime rounds them to whole µs. Null without GPU events.
 */
export function gpuStepMs(events: readonly TraceEvent[]): number | null {
  const durations = gpuEvents(events)
    .map((e) => e.dur)
    .filter((d) => d > 0);
  if (durations.length === 0) return null;
  return GPU_STEPS_MS.find((step) => durations.every((d) => d % Math.round(step * 1000) === 0)) ?? 0.001;
}

/** The kernel events of a trace, sorted by start: what runs are cut from. */
function kernelEvents(events: readonly TraceEvent[]): TraceEvent[] {
  return events.filter((e) => e.cat === 'Node' && e.name.endsWith(KERNEL_SUFFIX)).sort((a, b) => a.ts - b.ts);
}

/** Index of the first of `sorted` starting at or after `ts`. */
function firstFrom(sorted: readonly TraceEvent[], ts: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as TraceEvent).ts < ts) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The kernels of one run: the kernel events inside its model_run, in execution order. */
function kernelsIn(kernels: readonly TraceEvent[], run: TraceEvent): Kernel[] {
  const end = run.ts + run.dur;
  const out: Kernel[] = [];
  for (let i = firstFrom(kernels, run.ts); i < kernels.length && (kernels[i] as TraceEvent).ts <= end; i++) {
    const e = kernels[i] as TraceEvent;
    out.push({
      name: e.name.slice(0, -KERNEL_SUFFIX.length) || e.name,
      op: typeof e.args.op_name === 'string' && e.args.op_name ? e.args.op_name : 'unknown',
      provider: typeof e.args.provider === 'string' ? e.args.provider : '',
      inputShapes: Array.isArray(e.args.input_type_shape)
        ? e.args.input_type_shape.flatMap((s) => shapeText(s) ?? []).slice(0, 16)
        : [],
      us: e.dur,
    });
  }
  return out;
}

/**
 * Where each node of the run graph sits among the layers: its own name when the graph has it, else the name of the
 * node it was fused from (onnxruntime names a fusion `<first node>/<Fusion>` or `fused <first node>/…`), else the
 * layer of the node that ran before it (a fusion that took a new name, e.g. BiasGelu_token_5, runs where its
 * parts did). `layers` maps the original graph's node names to their layer (null: outside every layer).
 */
export function layersOf(order: readonly string[], layers: ReadonlyMap<string, number | null>): (number | null)[] {
  let previous: number | null = null;
  return order.map((name) => {
    const base = name.replace(/^fused /, '');
    const candidates = [name, base, base.split('/')[0] ?? base];
    const found = candidates.find((c) => layers.has(c));
    const layer = found !== undefined ? (layers.get(found) ?? null) : previous;
    previous = layer;
    return layer;
  });
}

export interface ProfiledBatchRuns {
  batchSize: number;
  /** Runs of this batch size that are not recorded (warm-up), then the recorded ones. */
  warmupRuns: number;
  /** Wall time of each recorded run, ms. */
  wallMs: number[];
}

/**
 * The nodes of recorded runs, each run being one or more model_run events (a generate() call is several): per node
 * its time in each run, summed over the run's events, in the order the first run ran them.
 */
function nodesOf(
  kernels: readonly TraceEvent[],
  gpu: readonly TraceEvent[],
  runs: readonly (readonly TraceEvent[])[],
  layers: ReadonlyMap<string, number | null>,
): ProfileNode[] {
  const byName = new Map<string, Omit<ProfileNode, 'layer'>>();
  runs.forEach((events, r) => {
    for (const run of events) {
      const onGpu = gpuTimesIn(gpu, run);
      for (const k of kernelsIn(kernels, run)) {
        let node = byName.get(k.name);
        const gpuUs = onGpu.get(k.name);
        if (!node) {
          const clock = gpuUs === undefined ? 'cpu' : 'gpu';
          node = { name: k.name, op: k.op, provider: k.provider, clock, ms: runs.map(() => 0), inputShapes: k.inputShapes };
          byName.set(k.name, node);
        }
        // A node with GPU dispatches is timed by them; one without (a CPU kernel, a copy, a reshape) by the CPU clock.
        node.ms[r] = (node.ms[r] ?? 0) + (node.clock === 'gpu' ? (gpuUs ?? 0) : k.us) / 1000;
      }
    }
  });
  const nodes = [...byName.values()];
  const layerOf = layersOf(
    nodes.map((n) => n.name),
    layers,
  );
  return nodes.map((n, i) => ({ ...n, layer: layerOf[i] ?? null }));
}

const msOf = (events: readonly TraceEvent[]) => events.reduce((s, e) => s + e.dur, 0) / 1000;

/**
 * Groups a trace into per-batch-size profiles. `plan` lists the batch sizes in the order they were run, each with
 * its unrecorded and recorded runs; `skipRuns` counts runs before them (a start-up run). Nodes keep the order of the
 * first recorded run; a node that ran several times in one run is summed. Throws when the trace holds fewer
 * model_run events than the plan made (the profiler was cut short).
 */
export function profileBatches(
  events: readonly TraceEvent[],
  plan: readonly ProfiledBatchRuns[],
  layers: ReadonlyMap<string, number | null>,
  skipRuns = 0,
): ProfileBatch[] {
  const runs = modelRuns(events);
  const wanted = skipRuns + plan.reduce((n, b) => n + b.warmupRuns + b.wallMs.length, 0);
  if (runs.length < wanted) throw new Error(`the profiler recorded ${runs.length} runs of the ${wanted} made`);
  const kernels = kernelEvents(events);
  const gpu = gpuEvents(events);
  let next = skipRuns;
  return plan.map((b) => {
    next += b.warmupRuns;
    const recorded = runs.slice(next, next + b.wallMs.length);
    next += b.wallMs.length;
    return {
      batchSize: b.batchSize,
      wallMs: b.wallMs,
      runMs: recorded.map((r) => r.dur / 1000),
      nodes: nodesOf(
        kernels,
        gpu,
        recorded.map((r) => [r]),
        layers,
      ),
    };
  });
}

export interface ProfiledGenerations extends ProfiledBatchRuns {
  /** model_run events per generate() call: the prefill, then one per further token. */
  steps: number;
  /** When each recorded call chose its first token, ms after it started (its time to first token). */
  firstTokenMs: number[];
}

/**
 * Groups a generator's trace into two profiles per batch size: the prefill (each call's first model_run, timed to
 * its first token) and the decode steps (the rest of each call, summed, timed from the first token to the end).
 * Throws when the trace holds another number of model_run events than the calls made.
 */
export function profileGenerations(
  events: readonly TraceEvent[],
  plan: readonly ProfiledGenerations[],
  layers: ReadonlyMap<string, number | null>,
): ProfileBatch[] {
  const runs = modelRuns(events);
  const wanted = plan.reduce((n, b) => n + (b.warmupRuns + b.wallMs.length) * b.steps, 0);
  if (runs.length !== wanted)
    throw new Error(
      `the profiler recorded ${runs.length} runs where the generate() calls made ${wanted} (${plan.map((b) => `${b.warmupRuns + b.wallMs.length} calls of ${b.steps} steps`).join(', ')})`,
    );
  const kernels = kernelEvents(events);
  const gpu = gpuEvents(events);
  let next = 0;
  return plan.flatMap((b) => {
    next += b.warmupRuns * b.steps;
    const calls = b.wallMs.map((_, i) => runs.slice(next + i * b.steps, next + (i + 1) * b.steps));
    next += b.wallMs.length * b.steps;
    const prefill = calls.map((c) => c.slice(0, 1));
    const decode = calls.map((c) => c.slice(1));
    return [
      {
        batchSize: b.batchSize,
        phase: 'prefill' as const,
        wallMs: b.firstTokenMs,
        runMs: prefill.map(msOf),
        nodes: nodesOf(kernels, gpu, prefill, layers),
      },
      {
        batchSize: b.batchSize,
        phase: 'decode' as const,
        wallMs: b.wallMs.map((w, i) => Math.max(0, w - (b.firstTokenMs[i] ?? 0))),
        runMs: decode.map(msOf),
        nodes: nodesOf(kernels, gpu, decode, layers),
      },
    ];
  });
}
