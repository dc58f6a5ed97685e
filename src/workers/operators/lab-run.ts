// The operators lab's run in the inference worker: fetch the base model (and its distilled student), build each
// variant by applying its operators in order, then on this device collect its logits on the labelled texts and time
// it over the batch sizes with the benchmark's protocol. A variant that cannot be built or run is reported with its
// reason; the others still are.
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
import { planFeeds, type TokenRows } from '../inputs.ts';
import { graphFacts } from '../graph-facts.ts';
import { fetchWithProgress } from '../model-fetch.ts';
import { assertLooksLikeOnnx } from '../onnx-inspect.ts';
import { OrtRuntime } from '../ort/ort-runtime.ts';
import { throttleProgress } from '../progress-throttle.ts';
import { tokenizeSnippets, tokenizeTexts } from '../tokenize.ts';
import { applyOperator } from './apply-operator.ts';
import { openModel, paramCount, withMetadata } from './onnx-edit.ts';

/** The metadata_props key a lab variant's provenance is written under. */
export const PROVENANCE_KEY = 'tierlab.operators';

const EVAL_CHUNK = 8;
/** Rows of synthetic input compared when the model has no tokenizer. */
const SYNTHETIC_ROWS = 8;

type Step = (step: string, done: number | null, of: number | null) => void;

async function fileBytes(file: OperatorsRequest['base'], onProgress: (p: OperatorsProgress) => void): Promise<Uint8Array> {
  return 'bytes' in file ? file.bytes : fetchWithProgress(file.url, (progress) => onProgress({ phase: 'download', progress }));
}

/** Collects logits on the texts, then times every batch size; always releases the session. */
async function measure(bytes: Uint8Array, req: OperatorsRequest, texts: TokenRows | null, step: Step) {
  const runtime = await OrtRuntime.create(bytes, req.backend);
  try {
    const facts = graphFacts(bytes, runtime.info.inputs);
    const chunks: Float32Array[] = [];
    let width = 0;
    const ids = texts?.ids ?? [];
    for (let i = 0; texts && i < ids.length; i += EVAL_CHUNK) {
      const chunk = ids.slice(i, i + EVAL_CHUNK);
      step(`classifying ${i}/${ids.length} inputs`, i, ids.length);
      const plan = planFeeds(runtime.info.inputs, req.seq, { ...texts, ids: chunk }, facts, 'longest');
      const out = await runtime.logits(plan.feeds(chunk.length));
      width = out.width;
      chunks.push(out.data);
    }
    if (!texts) {
      // No tokenizer: agreement is still measured, on seeded synthetic ids (the same for every variant).
      step('comparing outputs on synthetic inputs', null, null);
      const plan = planFeeds(runtime.info.inputs, req.seq, null, facts, 'max-length');
      const out = await runtime.logits(plan.feeds(SYNTHETIC_ROWS));
      width = out.width;
      chunks.push(out.data);
    }
    const logits = new Float32Array(chunks.reduce((a, c) => a + c.length, 0));
    chunks.reduce((at, c) => (logits.set(c, at), at + c.length), 0);
    const plan = planFeeds(runtime.info.inputs, req.seq, texts, facts, 'max-length');
    for (const b of req.batches) runtime.setFeeds(b, plan.feeds(b));
    const raw = await runProtocol(
      (b, n) => runtime.measure(b, n),
      req.batches,
      req.protocol,
      throttleProgress((p) =>
        step(`timing batch ${p.batchSize}${p.phase === 'warmup' ? ' (warming up)' : ''}`, p.finished, p.total),
      ),
      { interruptedBy: (err) => err instanceof Error && err.name === 'DeviceLostError' },
    );
    const largest = Math.max(...req.batches);
    return { logits, width, raw, runtime: runtime.info, deviceLost: runtime.deviceLost, inputs: plan.summary(largest) };
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
  for (const [index, spec] of req.variants.entries()) {
    const step: Step = (what, done, of) =>
      onProgress({ phase: 'variant', index, total: req.variants.length, label: spec.label, step: what, done, of });
    const started = performance.now();
    let built: { bytes: Uint8Array; reports: OperatorReport[] } = { bytes: new Uint8Array(0), reports: [] };
    try {
      const source = spec.from === 'student' ? student : spec.from === 'extra' ? (req.extra?.bytes ?? null) : base;
      if (!source)
        throw new Error(
          spec.from === 'student' ? `${req.label} has no distilled student in the catalog` : 'no file was given for this variant',
        );
      built = await buildVariant(source, spec, req, calibration, step);
      const buildMs = performance.now() - started;
      const params = paramCount(openModel(built.bytes));
      const m = await measure(built.bytes, req, texts, step);
      inputs ??= m.inputs;
      variants.push({ spec, ...built, params, ...m, error: null, buildMs });
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      variants.push({
        spec,
        ...built,
        params: null,
        logits: new Float32Array(0),
        width: 0,
        raw: null,
        runtime: null,
        deviceLost: false,
        error: { name: e.name, message: e.message },
        buildMs: performance.now() - started,
      });
    }
  }
  const notes = [
    texts ? texts.description : `no tokenizer: agreement on ${SYNTHETIC_ROWS} rows of seeded synthetic ids, no accuracy`,
    calibration
      ? `static int8 calibrates on ${calibration.ids.length} bundled snippets (none is in the labelled set)`
      : 'no calibration set',
  ];
  return { variants, inputs, notes };
}
