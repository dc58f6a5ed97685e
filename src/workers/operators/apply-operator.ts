// Applies one operator of the lab to a model's bytes (inference worker): the graph rewrites are pure; static int8
// first calibrates its activation ranges by running the model in this worker on the calibration rows.
import { OperatorError } from '../../shared/errors.ts';
import type { OperatorReport, OperatorSpec } from '../../shared/operators.ts';
import { planFeeds, type TokenRows } from '../inputs/inputs.ts';
import { graphFacts } from '../inputs/graph-facts.ts';
import { OrtRuntime } from '../ort/ort-runtime.ts';
import type { Backend } from '../../shared/run-plan.ts';
import { activationTensors, RangeCollector, staticInt8, withCalibrationOutputs } from './static-int8.ts';
import { rewriteGraph } from './rewrite-graph.ts';
import type { Rewritten } from './weight-quant.ts';

export interface CalibrationContext {
  backend: Backend;
  seq: number;
  /** Calibration rows (the bundled snippets, tokenized); null when the model has no tokenizer. */
  rows: TokenRows | null;
  onStep: (step: string, done: number | null, of: number | null) => void;
}

const CALIBRATION_CHUNK = 8;

/** Runs the model with every quantized activation as an output over the calibration rows; returns their ranges. */
async function calibrate(bytes: Uint8Array, spec: Extract<OperatorSpec, { kind: 'static-int8' }>, ctx: CalibrationContext) {
  if (!ctx.rows)
    throw new OperatorError("static int8 calibrates on the bundled code snippets, which needs the model's tokenizer");
  const tensors = activationTensors(bytes);
  if (tensors.length === 0) throw new OperatorError('the model has no MatMul with a float weight to quantize');
  const ids = ctx.rows.ids.slice(0, spec.samples);
  const runtime = await OrtRuntime.create(withCalibrationOutputs(bytes, tensors), ctx.backend);
  try {
    const facts = graphFacts(bytes, runtime.info.inputs);
    const collector = new RangeCollector();
    for (let i = 0; i < ids.length; i += CALIBRATION_CHUNK) {
      const chunk = ids.slice(i, i + CALIBRATION_CHUNK);
      ctx.onStep(`calibrating ${i}/${ids.length} snippets`, i, ids.length);
      const plan = planFeeds(runtime.info.inputs, ctx.seq, { ...ctx.rows, ids: chunk }, facts, 'longest');
      const out = await runtime.outputs(plan.feeds(chunk.length));
      for (const t of tensors) {
        const values = out[t];
        if (!values) throw new OperatorError(`calibration gave no values for "${t}"`);
        collector.add(t, values.data);
      }
    }
    ctx.onStep(`calibrated on ${ids.length} snippets`, ids.length, ids.length);
    return { ranges: collector.ranges(spec.calibration, spec.percentile), samples: ids.length };
  } finally {
    await runtime.dispose().catch(() => {});
  }
}

/** Applies `spec` to `bytes`; returns the new bytes and what was done. */
export async function applyOperator(
  bytes: Uint8Array,
  spec: OperatorSpec,
  ctx: CalibrationContext,
): Promise<{ bytes: Uint8Array; report: OperatorReport }> {
  let out: Rewritten;
  if (spec.kind === 'static-int8') {
    const { ranges, samples } = await calibrate(bytes, spec, ctx);
    out = staticInt8(bytes, ranges);
    out.report.notes.push(
      `calibrated on ${samples} snippets (${spec.calibration === 'minmax' ? 'min-max' : `TierLab's two-sided percentile ${spec.percentile}`})`,
    );
  } else out = rewriteGraph(bytes, spec);
  return { bytes: out.bytes, report: { spec, ...out.report } };
}
