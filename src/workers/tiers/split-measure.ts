// Split execution measured in the inference worker: cuts an encoder at each layer boundary and times every head (and
// the whole model) on this device at one batch size, with the same protocol as a benchmark run.
import { analyze } from '../../bench/analyze.ts';
import { runProtocol } from '../../bench/protocol.ts';
import { intervalTargetMissed } from '../../bench/validity-flags.ts';
import { InferenceError } from '../../shared/errors.ts';
import type { PointStats } from '../../shared/run-result.ts';
import { planFeeds, type TokenRows } from '../inputs.ts';
import { fetchWithProgress } from '../model-fetch.ts';
import { cutModel, layerBoundaries } from './onnx-cut.ts';
import { assertLooksLikeOnnx } from '../onnx-inspect.ts';
import { graphFacts } from '../graph-facts.ts';
import { OrtRuntime } from '../ort/ort-runtime.ts';
import type { SplitOutput, SplitProgress, SplitRequest } from '../inference-protocol.ts';
import { tokenizeSnippets } from '../tokenize.ts';

async function timeModel(
  model: Uint8Array,
  req: SplitRequest,
  rows: TokenRows,
): Promise<{ stats: PointStats; flags: string[]; runtime: OrtRuntime; outputDims: number[] }> {
  const runtime = await OrtRuntime.create(model, req.backend);
  try {
    const plan = planFeeds(runtime.info.inputs, req.seq, rows, graphFacts(model, runtime.info.inputs), 'max-length');
    const feeds = plan.feeds(req.batch);
    const outputDims = await runtime.outputDims(feeds);
    runtime.setFeeds(req.batch, feeds);
    const raw = await runProtocol(
      (b, n) => runtime.measure(b, n),
      [req.batch],
      req.protocol,
      () => {},
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
    return { stats: point.stats, flags, runtime, outputDims };
  } catch (err) {
    await runtime.dispose().catch(() => {});
    throw err;
  }
}

export async function measureSplits(req: SplitRequest, onProgress: (p: SplitProgress) => void): Promise<SplitOutput> {
  const bytes = await fetchWithProgress(req.url, (progress) => onProgress({ phase: 'download', progress }));
  assertLooksLikeOnnx(bytes, req.label);
  const boundaries = layerBoundaries(bytes);
  if (boundaries.length === 0)
    throw new InferenceError(
      `${req.label} has no named layer boundaries to cut at (split execution needs an encoder whose layer outputs are named)`,
    );
  const rows = await tokenizeSnippets(req.tokenizer, 'mixed');
  const heads: SplitOutput['heads'] = [];
  let hidden = 0;
  // Heads after layers 1 .. L-1 (cut after boundary k-1), then the whole model (layer L).
  const cuts = boundaries.slice(0, -1);
  const total = cuts.length + 1;
  for (const [i, b] of cuts.entries()) {
    onProgress({ phase: 'measure', done: i, total, what: `head after layer ${b.layer + 1}` });
    const { stats, flags, runtime, outputDims } = await timeModel(cutModel(bytes, b.tensor).head, req, rows);
    hidden = outputDims.at(-1) ?? hidden;
    heads.push({ layer: b.layer + 1, tensor: b.tensor, stats, flags });
    await runtime.dispose();
  }
  onProgress({ phase: 'measure', done: cuts.length, total, what: 'the whole model' });
  const whole = await timeModel(bytes, req, rows);
  const info = whole.runtime.info;
  await whole.runtime.dispose();
  heads.push({ layer: boundaries.length, tensor: 'outputs', stats: whole.stats, flags: whole.flags });
  onProgress({ phase: 'measure', done: total, total, what: 'done' });
  return { layers: boundaries.length, hidden, heads, runtime: info, fileBytes: bytes.byteLength };
}
