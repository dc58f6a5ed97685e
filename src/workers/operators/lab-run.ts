// The operators lab's run in the inference worker: fetch the base model (and its distilled student), build each
// variant by applying its operators in order, then on this device run it on the labelled texts, compare every float
// output with the fp32 base's, and time it over the batch sizes with the benchmark's protocol. A variant that cannot be built or run is reported with its
// reason; the others still are.
import { classesOutput, compareOutputs, type EvalOutput } from '../../bench/accuracy/agreement.ts';
import { runProtocol } from '../../bench/protocol.ts';
import { describeOperator, type OperatorReport } from '../../shared/operators.ts';
import type { InputSummary } from '../../shared/run-result.ts';
import type {
  LabVariantOutput,
  LabVariantSpec,
  OperatorsOutput,
  OperatorsProgress,
  OperatorsRequest,
} from '../inference-protocol.ts';
import { adoptFixedDims, planFeeds, type TokenRows } from '../inputs.ts';
import { graphFacts } from '../graph-facts.ts';
import { fetchWithProgress } from '../model-fetch.ts';
import { assertLooksLikeOnnx } from '../onnx-inspect.ts';
import { OrtRuntime } from '../ort/ort-runtime.ts';
import { throttleProgress } from '../progress-throttle.ts';
import { tokenizeSnippets, tokenizeTexts } from '../tokenize.ts';
import { applyOperator } from './apply-operator.ts';
import { rowError } from './row-error.ts';
import { openModel, OperatorError, paramCount, withMetadata } from './onnx-edit.ts';

/** The metadata_props key a lab variant's provenance is written under. */
export const PROVENANCE_KEY = 'tierlab.operators';

const EVAL_CHUNK = 8;
/** Rows of synthetic input compared when the model has no tokenizer. */
const SYNTHETIC_ROWS = 8;

type Step = (step: string, done: number | null, of: number | null) => void;

async function fileBytes(file: OperatorsRequest['base'], onProgress: (p: OperatorsProgress) => void): Promise<Uint8Array> {
  return 'bytes' in file ? file.bytes : fetchWithProgress(file.url, (progress) => onProgress({ phase: 'download', progress }));
}

/** Values of one output kept for comparison; rows past it are produced but not compared (the note says how many). */
const KEEP_VALUES = 1 << 21;

/** Appends one chunk of every float output to `into`, keeping whole rows while the output is under KEEP_VALUES. */
function keep(into: Map<string, EvalOutput>, outs: { name: string; dims: number[]; data: Float32Array }[]) {
  for (const o of outs) {
    const kept = into.get(o.name) ?? { name: o.name, chunks: [], rows: 0 };
    into.set(o.name, kept);
    const rows = o.dims.length === 0 ? 1 : (o.dims[0] as number);
    kept.rows += rows;
    const held = kept.chunks.reduce((a, c) => a + c.data.length, 0);
    const perRow = rows > 0 ? o.data.length / rows : 0;
    const fit = perRow > 0 ? Math.min(rows, Math.floor((KEEP_VALUES - held) / perRow)) : rows;
    if (fit <= 0) continue;
    const dims = o.dims.length === 0 ? [] : [fit, ...o.dims.slice(1)];
    kept.chunks.push({ dims, data: fit === rows ? o.data : o.data.slice(0, fit * perRow) });
  }
}

/** Collects every float output on the texts, then times every batch size; always releases the session. */
async function measure(bytes: Uint8Array, req: OperatorsRequest, texts: TokenRows | null, step: Step) {
  const runtime = await OrtRuntime.create(bytes, req.backend);
  try {
    const facts = graphFacts(bytes, runtime.info.inputs);
    const dims = adoptFixedDims(runtime.info.inputs, facts, req.seq, req.batches, EVAL_CHUNK);
    const outputs = new Map<string, EvalOutput>();
    const ids = texts?.ids ?? [];
    for (let i = 0; texts && i < ids.length; i += dims.chunk) {
      // A model with a fixed batch gets full chunks: the last one wraps around to the first texts, uncounted.
      const chunk = ids.slice(i, i + dims.chunk);
      step(`running ${i}/${ids.length} inputs`, i, ids.length);
      const plan = planFeeds(runtime.info.inputs, dims.seq, { ...texts, ids: chunk }, facts, 'longest');
      keep(outputs, await runtime.evaluate(plan.feeds(dims.fixedBatch ? dims.chunk : chunk.length)));
    }
    if (!texts) {
      // No tokenizer: agreement is still measured, on seeded synthetic ids (the same for every variant).
      step('comparing outputs on synthetic inputs', null, null);
      const plan = planFeeds(runtime.info.inputs, dims.seq, null, facts, 'max-length');
      keep(outputs, await runtime.evaluate(plan.feeds(Math.min(SYNTHETIC_ROWS, dims.chunk))));
    }
    const all = [...outputs.values()];
    const classes = classesOutput(all);
    const width = classes?.chunks[0]?.dims[1] ?? 0;
    const logits = new Float32Array(classes ? classes.chunks.reduce((a, c) => a + c.data.length, 0) : 0);
    classes?.chunks.reduce((at, c) => (logits.set(c.data, at), at + c.data.length), 0);
    const plan = planFeeds(runtime.info.inputs, dims.seq, texts, facts, 'max-length');
    for (const b of dims.batches) runtime.setFeeds(b, plan.feeds(b));
    const raw = await runProtocol(
      (b, n) => runtime.measure(b, n),
      dims.batches,
      req.protocol,
      throttleProgress((p) =>
        step(`timing batch ${p.batchSize}${p.phase === 'warmup' ? ' (warming up)' : ''}`, p.finished, p.total),
      ),
      { interruptedBy: (err) => err instanceof Error && err.name === 'DeviceLostError' },
    );
    const largest = Math.max(...dims.batches);
    return {
      logits,
      width,
      evalOutputs: all,
      adopted: dims.notes,
      raw,
      runtime: runtime.info,
      deviceLost: runtime.deviceLost,
      inputs: plan.summary(largest),
    };
  } finally {
    await runtime.dispose().catch(() => {});
  }
}

async function buildVariant(
  source: Uint8Array,
  spec: LabVariantSpec,
  req: OperatorsRequest,
  calibration: TokenRows | null,
  step: Step,
) {
  let bytes = source;
  const reports: OperatorReport[] = [];
  for (const op of spec.operators) {
    step(`applying ${describeOperator(op)}`, null, null);
    // Let the progress message reach the page before a long synchronous rewrite.
    await new Promise((r) => setTimeout(r, 0));
    const out = await applyOperator(bytes, op, { backend: req.backend, seq: req.seq, rows: calibration, onStep: step });
    bytes = out.bytes;
    reports.push(out.report);
  }
  // The file keeps what made it: a variant downloaded and loaded elsewhere still says which operators it went through.
  if (spec.operators.length > 0)
    bytes = withMetadata(
      bytes,
      PROVENANCE_KEY,
      JSON.stringify({ from: spec.from, operators: spec.operators, by: 'TierLab operators lab' }),
    );
  return { bytes, reports };
}

export async function runLab(req: OperatorsRequest, onProgress: (p: OperatorsProgress) => void): Promise<OperatorsOutput> {
  const base = await fileBytes(req.base, onProgress);
  assertLooksLikeOnnx(base, req.label);
  const student = req.student ? await fileBytes(req.student, onProgress) : null;
  if (student) assertLooksLikeOnnx(student, `${req.label} (student)`);
  if (req.extra) assertLooksLikeOnnx(req.extra.bytes, req.extra.name);
  const texts = req.tokenizer ? await tokenizeTexts(req.tokenizer, req.texts, `${req.texts.length} labelled inputs`) : null;
  const calibration = req.tokenizer ? await tokenizeSnippets(req.tokenizer, 'mixed') : null;
  const variants: LabVariantOutput[] = [];
  let inputs: InputSummary | null = null;
  /** The fp32 base's outputs, which every later variant's outputs are compared with. */
  let reference: EvalOutput[] | null = null;
  const adopted = new Set<string>();
  for (const [index, spec] of req.variants.entries()) {
    const step: Step = (what, done, of) =>
      onProgress({ phase: 'variant', index, total: req.variants.length, label: spec.label, step: what, done, of });
    const started = performance.now();
    let built: { bytes: Uint8Array; reports: OperatorReport[] } = { bytes: new Uint8Array(0), reports: [] };
    try {
      const source = spec.from === 'student' ? student : spec.from === 'extra' ? (req.extra?.bytes ?? null) : base;
      if (!source)
        throw new OperatorError(
          spec.from === 'student' ? `${req.label} has no distilled student in the catalog` : 'no file was given for this variant',
        );
      built = await buildVariant(source, spec, req, calibration, step);
      const buildMs = performance.now() - started;
      const params = paramCount(openModel(built.bytes));
      const { evalOutputs, adopted: adoptedNotes, ...m } = await measure(built.bytes, req, texts, step);
      for (const note of adoptedNotes) adopted.add(note);
      inputs ??= m.inputs;
      if (!reference && spec.from === 'base' && spec.operators.length === 0) reference = evalOutputs;
      const outputs = reference ? compareOutputs(reference, evalOutputs) : [];
      variants.push({ spec, ...built, params, ...m, outputs, error: null, buildMs });
    } catch (err) {
      variants.push({
        spec,
        ...built,
        params: null,
        logits: new Float32Array(0),
        width: 0,
        outputs: [],
        raw: null,
        runtime: null,
        deviceLost: false,
        error: rowError(err),
        buildMs: performance.now() - started,
      });
    }
  }
  const notes = [
    texts ? texts.description : `no tokenizer: agreement on ${SYNTHETIC_ROWS} rows of seeded synthetic ids, no accuracy`,
    calibration
      ? `static int8 calibrates on ${calibration.ids.length} bundled snippets (none is in the labelled set)`
      : 'no calibration set',
    ...adopted,
  ];
  return { variants, inputs, notes };
}
