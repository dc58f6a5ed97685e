// Scoring a classifier's logits on a labelled dataset (pure; runs everywhere): label mapping, metrics, agreement with
// a reference, and the flags that keep a broken variant from being reported as merely fast.
import { InferenceError } from '../../shared/errors.ts';
import type { LabelledSample } from '../../shared/datasets.ts';
import { labelIndex } from '../../shared/datasets.ts';
import { compareLogits, type Agreement } from './agreement.ts';
import { argmaxRows, classificationMetrics, type ClassificationMetrics } from './classification-metrics.ts';

/** Below this argmax agreement with the fp32 WASM reference a variant is flagged as drifting. */
export const MIN_AGREEMENT = 0.9;

export interface Scored {
  metrics: ClassificationMetrics;
  /** Samples whose label the model does not have: left out of the metrics. */
  unmapped: number;
}

/** Metrics of `logits` [samples, width] against the samples' labels, by the model's own label names. */
export function scoreLogits(
  samples: readonly LabelledSample[],
  logits: ArrayLike<number>,
  width: number,
  modelLabels: readonly string[],
): Scored {
  if (modelLabels.length !== width)
    throw new InferenceError(`the model names ${modelLabels.length} classes but returns ${width} logits per input`);
  if (logits.length !== samples.length * width)
    throw new InferenceError(`${logits.length} logits for ${samples.length} samples of ${width} classes`);
  const index = labelIndex(modelLabels);
  const predicted = argmaxRows(logits, width);
  const truth: number[] = [];
  const kept: number[] = [];
  const groups: string[] = [];
  samples.forEach((s, i) => {
    const t = index(s.label);
    if (t < 0) return;
    truth.push(t);
    kept.push(predicted[i] as number);
    groups.push(s.language);
  });
  return { metrics: classificationMetrics(truth, kept, modelLabels, groups), unmapped: samples.length - truth.length };
}

export interface AgreementCheck extends Agreement {
  reference: string;
  /** argmax agreement below MIN_AGREEMENT: the variant's outputs differ from the reference's. */
  drift: boolean;
}

/** Compares a variant's logits with the reference's on the same inputs. */
export function agreementWith(
  reference: { label: string; logits: ArrayLike<number> },
  logits: ArrayLike<number>,
  width: number,
): AgreementCheck {
  const a = compareLogits(reference.logits, logits, width);
  return { ...a, reference: reference.label, drift: a.argmaxAgreement < MIN_AGREEMENT };
}
