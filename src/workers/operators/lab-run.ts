// The operators lab's run in the inference worker: fetch the base model (and its distilled student), build each
// variant by applying its operators in order, then on this device run it on the labelled texts, compare every float
// output with the fp32 base's; then time every variant and batch size in interleaved rounds of the benchmark's protocol. A variant that cannot be built or run is reported with its
// reason; the others still are.
import { OperatorError } from '../../shared/errors.ts';
import { classesOutput, compareOutputs, type EvalOutput } from '../../bench/accuracy/agreement.ts';
import { describeOperator, type OperatorReport } from '../../shared/operators.ts';
import type { InputSummary } from '../../shared/run-result.ts';
import type {
  LabVariantOutput,
  LabVariantSpec,
  OperatorsOutput,
  OperatorsProgress,
  OperatorsRequest,
} from '../../shared/contracts/operators.ts';
import { adoptFixedDims, planFeeds, type TokenRows } from '../inputs/inputs.ts';
import { graphFacts } from '../inputs/graph-facts.ts';
import { fetchWithProgress } from '../runtime/model-fetch.ts';
import { assertLooksLikeOnnx } from '../onnx/inspect.ts';
import { OrtRuntime } from '../ort/ort-runtime.ts';
import { tokenizeSnippets, tokenizeTexts } from '../transformers/tokenize.ts';
import { applyOperator } from './apply-operator.ts';
import { timeInterleaved, type Timeable } from './lab-timing.ts';
import { rowError } from './row-error.ts';
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

/** A variant built, compared and ready to time: its session stays open with its feeds set. */
interface Prepared {
  runtime: OrtRuntime;
  batches: number[];
  bytes: number;
}

/**
 * Opens the variant's session, collects every float output on the texts and sets the timing feeds for every batch
 * size the model takes. The caller owns the session (timing comes later, interleaved with the other variants).
 */
async function prepare(bytes: Uint8Array, req: OperatorsRequest, texts: TokenRows | null, step: Step) {
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
    const prepared: Prepared = { runtime, batches: dims.batches, bytes: bytes.byteLength };
    return { prepared, logits, width, evalOutputs: all, adopted: dims.notes, inputs: plan.summary(Math.max(...dims.batches)) };
  } catch (err) {
    await runtime.dispose().catch(() => {});
    throw err;
  }
}

/** Variants' sessions kept open together for interleaved timing, in model bytes (onnxruntime-web has one heap). */
const INTERLEAVE_BYTES = 768 * 1024 * 1024;

const asTimeable = (p: Prepared): Timeable => ({ batches: p.batches, measure: (b, n) => p.runtime.measure(b, n) });

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

/** A variant's profiled pass at its largest batch size; a failure is the variant's note, not its error. */
async function profileOf(p: Prepared, step: Step): Promise<Pick<LabVariantOutput, 'profile' | 'profileError'>> {
  if (p.runtime.deviceLost) return { profile: null, profileError: 'the GPU device was lost: no profiled pass' };
  step('profiling every operator', null, null);
  try {
    return { profile: (await p.runtime.profile([Math.max(...p.batches)])).section, profileError: null };
  } catch (err) {
    return { profile: null, profileError: `the profiled pass failed: ${err instanceof Error ? err.message : String(err)}` };
  }
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
  /** Sessions waiting for the interleaved timing, by position in `variants`. */
  const waiting: { at: number; prepared: Prepared }[] = [];
  let alone = 0;
  try {
    for (const [index, spec] of req.variants.entries()) {
      const step: Step = (what, done, of) =>
        onProgress({ phase: 'variant', index, total: req.variants.length, label: spec.label, step: what, done, of });
      const started = performance.now();
      let built: { bytes: Uint8Array; reports: OperatorReport[] } = { bytes: new Uint8Array(0), reports: [] };
      try {
        const source = spec.from === 'student' ? student : spec.from === 'extra' ? (req.extra?.bytes ?? null) : base;
        if (!source)
          throw new OperatorError(
            spec.from === 'student'
              ? `${req.label} has no distilled student in the catalog`
              : 'no file was given for this variant',
          );
        built = await buildVariant(source, spec, req, calibration, step);
        const buildMs = performance.now() - started;
        const params = paramCount(openModel(built.bytes));
        const {
          prepared,
          evalOutputs,
          adopted: adoptedNotes,
          inputs: summary,
          ...m
        } = await prepare(built.bytes, req, texts, step);
        for (const note of adoptedNotes) adopted.add(note);
        inputs ??= summary;
        if (!reference && spec.from === 'base' && spec.operators.length === 0) reference = evalOutputs;
        const outputs = reference ? compareOutputs(reference, evalOutputs) : [];
        variants.push({
          spec,
          ...built,
          params,
          ...m,
          outputs,
          raw: null,
          runtime: prepared.runtime.info,
          deviceLost: false,
          error: null,
          buildMs,
        });
        const held = waiting.reduce((a, w) => a + w.prepared.bytes, 0);
        if (held + prepared.bytes <= INTERLEAVE_BYTES) waiting.push({ at: variants.length - 1, prepared });
        else {
          // Too large to keep beside the others: timed on its own now, and flagged so.
          alone++;
          try {
            const [raw] = await timeInterleaved([asTimeable(prepared)], req.protocol, (what, done, of) => step(what, done, of));
            Object.assign(variants.at(-1) as LabVariantOutput, {
              raw,
              deviceLost: prepared.runtime.deviceLost,
              timedAlone: true,
            });
            if (req.profile) Object.assign(variants.at(-1) as LabVariantOutput, await profileOf(prepared, step));
          } finally {
            await prepared.runtime.dispose().catch(() => {});
          }
        }
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
    if (waiting.length > 0) {
      const total = req.variants.length;
      const raws = await timeInterleaved(
        waiting.map((w) => asTimeable(w.prepared)),
        req.protocol,
        (what, done, of) =>
          onProgress({
            phase: 'variant',
            index: total - 1,
            total,
            label: `all ${waiting.length} variants in turn`,
            step: what,
            done,
            of,
          }),
      ).catch((err: unknown) => {
        // The timing failed as a whole (not a lost device, which keeps what was measured): every row says why.
        for (const w of waiting) (variants[w.at] as LabVariantOutput).error = rowError(err);
        return null;
      });
      waiting.forEach((w, i) => {
        const v = variants[w.at] as LabVariantOutput;
        v.raw = raws?.[i] ?? null;
        v.deviceLost = w.prepared.runtime.deviceLost;
      });
      // After every timed visit: the profiled passes never run beside the timing.
      if (req.profile)
        for (const w of waiting) {
          const v = variants[w.at] as LabVariantOutput;
          const step: Step = (what, done, of) =>
            onProgress({ phase: 'variant', index: w.at, total, label: v.spec.label, step: what, done, of });
          Object.assign(v, await profileOf(w.prepared, step));
        }
    }
  } finally {
    for (const w of waiting) await w.prepared.runtime.dispose().catch(() => {});
  }
  const notes = [
    texts ? texts.description : `no tokenizer: agreement on ${SYNTHETIC_ROWS} rows of seeded synthetic ids, no accuracy`,
    calibration
      ? `static int8 calibrates on ${calibration.ids.length} bundled snippets (none is in the labelled set)`
      : 'no calibration set',
    `timing: every variant and batch size in interleaved rounds of one protocol run, with its drift test` +
      (alone ? `; ${alone} variant${alone === 1 ? '' : 's'} too large to keep open beside the others timed on its own` : ''),
    ...adopted,
  ];
  return { variants, inputs, notes };
}
