// Accuracy evaluation in the inference worker: tokenizes labelled texts with the model's tokenizer, collects the
// logits batch by batch, and optionally times one batch size with the sampling protocol on the same session.
import type { RawMeasurements } from '../../shared/contracts/measurement.ts';
import { InferenceError } from '../../shared/errors.ts';
import type { InputSummary } from '../../shared/run-result.ts';
import type { EvaluateOutput, EvaluateProgress, EvaluateRequest } from '../../shared/contracts/accuracy.ts';
import { planFeeds } from '../inputs/inputs.ts';
import { graphFacts, NO_FACTS } from '../inputs/graph-facts.ts';
import type { OpenedRuntime } from '../backends/open-runtime.ts';
import { timeBatches } from '../timing/time-batches.ts';
import { tokenizeTexts } from '../transformers/tokenize.ts';

/** Runs the evaluation (and the optional latency protocol) on an opened runtime. */
export async function evaluateOn(
  opened: OpenedRuntime,
  req: EvaluateRequest,
  onProgress: (p: EvaluateProgress) => void,
): Promise<EvaluateOutput> {
  const { runtime, bytes } = opened;
  if (!runtime.logits) throw new InferenceError('this runtime cannot return logits (is the model a generator?)');
  onProgress({ phase: 'inputs' });
  const rows = await tokenizeTexts(req.tokenizer, req.texts, `${req.texts.length} labelled evaluation inputs`);
  const facts = bytes ? graphFacts(bytes, runtime.info.inputs) : NO_FACTS;
  const chunks: Float32Array[] = [];
  let width = 0;
  const started = performance.now();
  for (let i = 0; i < rows.ids.length; i += req.evalBatch) {
    const ids = rows.ids.slice(i, i + req.evalBatch);
    // Padding to the chunk's longest input: the mask hides it, so the logits do not depend on the chunking.
    const plan = planFeeds(runtime.info.inputs, req.seq, { ...rows, ids }, facts, 'longest');
    const out = await runtime.logits(plan.feeds(ids.length));
    if (out.data.length !== ids.length * out.width)
      throw new InferenceError(`logits of ${out.data.length} values for ${ids.length} inputs`);
    width = out.width;
    chunks.push(out.data);
    onProgress({ phase: 'evaluate', done: Math.min(rows.ids.length, i + req.evalBatch), total: rows.ids.length });
  }
  const evalMs = performance.now() - started;
  const logits = new Float32Array(chunks.reduce((a, c) => a + c.length, 0));
  let offset = 0;
  for (const c of chunks) {
    logits.set(c, offset);
    offset += c.length;
  }
  let raw: RawMeasurements | null = null;
  let latencyInputs: InputSummary | null = null;
  if (req.latency) {
    const { batchSize, protocol } = req.latency;
    const plan = planFeeds(runtime.info.inputs, req.seq, rows, facts, 'max-length');
    runtime.setFeeds(batchSize, plan.feeds(batchSize));
    latencyInputs = plan.summary(batchSize);
    raw = await timeBatches(
      (b, n) => runtime.measure(b, n),
      [batchSize],
      protocol,
      (progress) => onProgress({ phase: 'protocol', progress }),
      { partialOnDeviceLoss: false },
    );
  }
  return {
    runtime: runtime.info,
    fileBytes: opened.fileBytes,
    fetchMs: opened.fetchMs,
    logits,
    width,
    labels: runtime.labels ?? null,
    evalMs,
    tokenizeMs: rows.tokenizeMs ?? 0,
    truncated: rows.ids.filter((r) => r.length > req.seq).length,
    latencyInputs,
    raw,
    deviceLost: runtime.deviceLost,
  };
}
