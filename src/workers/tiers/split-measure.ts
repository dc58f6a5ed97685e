// Split execution measured in the inference worker: cuts an encoder at each layer boundary, checks head-then-tail
// against the whole model on this device, then times every head (and the whole model) at one batch size with the
// same protocol as a benchmark run.
import { analyze } from '../../bench/analyze.ts';
import { timeBatches } from '../timing/time-batches.ts';
import { intervalTargetMissed } from '../../bench/validity-flags.ts';
import { InferenceError, SplitRefusal } from '../../shared/errors.ts';
import type { PointStats } from '../../shared/run-result.ts';
import { planFeeds, type HostFeeds, type HostTensor } from '../inputs/inputs.ts';
import { fetchWithProgress } from '../runtime/model-fetch.ts';
import { cutModel } from './onnx-cut.ts';
import { boundaryLabel, layerBoundaries, type LayerBoundary } from '../onnx/layer-boundaries.ts';
import { assertLooksLikeOnnx } from '../onnx/inspect.ts';
import { graphFacts } from '../inputs/graph-facts.ts';
import { OrtRuntime } from '../ort/ort-runtime.ts';
import type { SplitOutput, SplitProgress, SplitRequest } from '../../shared/contracts/tiers.ts';
import { tokenizeSnippets } from '../transformers/tokenize.ts';

/** A cut is accepted when head-then-tail stays this close to the whole model (relative to its largest output). */
const CUT_TOLERANCE = 1e-3;

type FloatOutputs = Record<string, HostTensor & { data: Float32Array }>;

/** The inputs of `runtime`'s model, taken by name from the whole model's feeds (the same data on both sides). */
const pick = (runtime: OrtRuntime, feeds: HostFeeds): HostFeeds =>
  Object.fromEntries(runtime.info.inputs.map((i) => [i.name, feeds[i.name] as HostTensor]));

async function timeModel(
  runtime: OrtRuntime,
  req: SplitRequest,
  feeds: HostFeeds,
): Promise<{ stats: PointStats; flags: string[] }> {
  runtime.setFeeds(req.batch, pick(runtime, feeds));
  const raw = await timeBatches(
    (b, n) => runtime.measure(b, n),
    [req.batch],
    req.protocol,
    () => {},
    {
      partialOnDeviceLoss: false,
    },
  );
  const point = analyze(raw).points[0];
  if (!point) throw new InferenceError('no latency measured');
  // The same flags a benchmark result would carry, so a split figure from a drifting or fallback run says so.
  const info = runtime.info;
  const flags = [
    ...(point.drift?.drifting ? ['drift'] : []),
    ...(intervalTargetMissed([point], { protocol: req.protocol }) ? ['ciNotReached'] : []),
    ...(runtime.deviceLost ? ['deviceLost'] : []),
    ...(info.adapter?.isFallbackAdapter ? ['fallbackAdapter'] : []),
    ...(info.providerFallback ? ['providerFallback'] : []),
  ];
  return { stats: point.stats, flags };
}

/** Largest |a - b| over every output both have; also the largest |b| (the scale the tolerance is relative to). */
function compare(got: FloatOutputs, want: FloatOutputs): { diff: number; scale: number } {
  let diff = 0;
  let scale = 0;
  for (const [name, w] of Object.entries(want)) {
    const g = got[name];
    if (!g || g.data.length !== w.data.length) return { diff: Infinity, scale };
    for (let i = 0; i < w.data.length; i++) {
      diff = Math.max(diff, Math.abs((g.data[i] as number) - (w.data[i] as number)));
      scale = Math.max(scale, Math.abs(w.data[i] as number));
    }
  }
  return { diff, scale };
}

/** Opens `model`, runs `fn` on it, and always releases it. */
async function withRuntime<T>(model: Uint8Array, req: SplitRequest, fn: (r: OrtRuntime) => Promise<T>): Promise<T> {
  const runtime = await OrtRuntime.create(model, req.backend);
  try {
    return await fn(runtime);
  } finally {
    await runtime.dispose().catch(() => {});
  }
}

function boundariesOf(bytes: Uint8Array, label: string): LayerBoundary[] {
  let boundaries: LayerBoundary[];
  try {
    boundaries = layerBoundaries(bytes);
  } catch (err) {
    if (err instanceof SplitRefusal) throw new InferenceError(`${label} cannot be split: ${err.message}`);
    throw err;
  }
  if (boundaries.length === 0)
    throw new InferenceError(
      `${label} has no layer boundary to cut at: split execution needs an encoder (attention layers joined by LayerNorm) whose layers pass one hidden state to the next`,
    );
  return boundaries;
}

export async function measureSplits(req: SplitRequest, onProgress: (p: SplitProgress) => void): Promise<SplitOutput> {
  const bytes =
    'bytes' in req.file
      ? req.file.bytes
      : await fetchWithProgress(req.file.url, (progress) => onProgress({ phase: 'download', progress }));
  assertLooksLikeOnnx(bytes, req.label);
  const boundaries = boundariesOf(bytes, req.label);
  const rows = req.tokenizer ? await tokenizeSnippets(req.tokenizer, 'mixed') : null;
  // Heads after layers 1 .. L-1 (the boundary after the last layer leaves only the pooler and head), then the whole model.
  const cuts = boundaries.filter((b) => b.layer + 1 < b.of);
  const total = cuts.length + 1;
  onProgress({ phase: 'measure', done: 0, total, what: 'the whole model' });
  const whole = await withRuntime(bytes, req, async (runtime) => {
    const plan = planFeeds(runtime.info.inputs, req.seq, rows, graphFacts(bytes, runtime.info.inputs), 'max-length');
    const feeds = plan.feeds(req.batch);
    const reference = await runtime.outputs(feeds);
    const timed = await timeModel(runtime, req, feeds);
    return { ...timed, feeds, reference, inputs: plan.summary(req.batch), info: runtime.info };
  });
  const heads: SplitOutput['heads'] = [];
  let hidden = 0;
  for (const [i, b] of cuts.entries()) {
    const label = boundaryLabel(b);
    onProgress({ phase: 'measure', done: i + 1, total, what: `the head ${label} (checking the cut first)` });
    const cut = cutModel(bytes, b.tensor);
    const measured = await withRuntime(cut.head, req, async (head) => {
      const state = (await head.outputs(pick(head, whole.feeds)))[b.tensor];
      if (!state) throw new InferenceError(`the head ${label} gave no float tensor "${b.tensor}"`);
      const check = await withRuntime(cut.tail, req, async (tail) =>
        compare(await tail.outputs(pick(tail, { ...whole.feeds, [b.tensor]: state })), whole.reference),
      );
      if (!(check.diff <= CUT_TOLERANCE * Math.max(1, check.scale)))
        throw new InferenceError(
          `cutting ${req.label} ${label} (at "${b.tensor}") changes its outputs by up to ${check.diff}: this boundary is not a clean cut`,
        );
      return { ...(await timeModel(head, req, whole.feeds)), diff: check.diff, width: state.dims.at(-1) ?? 0 };
    });
    hidden = measured.width || hidden;
    heads.push({
      layer: b.layer + 1,
      label,
      tensor: b.tensor,
      stats: measured.stats,
      flags: measured.flags,
      maxAbsDiff: measured.diff,
    });
  }
  const layers = boundaries[0]?.of ?? 0;
  heads.push({
    layer: layers,
    label: 'the whole model',
    tensor: 'outputs',
    stats: whole.stats,
    flags: whole.flags,
    maxAbsDiff: null,
  });
  onProgress({ phase: 'measure', done: total, total, what: 'done' });
  return { layers, hidden, heads, inputs: whole.inputs, runtime: whole.info, fileBytes: bytes.byteLength };
}
