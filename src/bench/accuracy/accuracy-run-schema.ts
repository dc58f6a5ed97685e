// The exported accuracy run's schema (runs everywhere, pure): what `Export JSON` on the accuracy page writes, for
// whoever reads such a file (the e2e suite checks every export with it). The TypeScript types in accuracy-run.ts must
// agree with it (a compile-time check below).
import * as v from 'valibot';
import { DTYPES } from '../../shared/catalog.ts';
import { parseData } from '../../shared/parse-data.ts';
import { BACKENDS, ProtocolSettingsSchema, RUNTIMES } from '../../shared/run-plan.ts';
import { RunResultSchema } from '../../shared/run-result.ts';
import { ACCURACY_SCHEMA_VERSION, type AccuracyRun } from './accuracy-run.ts';

const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const fraction = v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(1));
const finite = v.pipe(v.number(), v.finite());
const nonNegative = v.pipe(v.number(), v.finite(), v.minValue(0));
const name = v.pipe(v.string(), v.maxLength(500));
const interval = v.strictObject({ lo: fraction, hi: fraction });

const MetricsSchema = v.strictObject({
  samples: count,
  correct: count,
  accuracy: fraction,
  accuracyCi95: interval,
  macroF1: fraction,
  perClass: v.array(v.strictObject({ label: name, precision: fraction, recall: fraction, f1: fraction, support: count })),
  perGroup: v.array(v.strictObject({ group: name, correct: count, total: count, accuracy: fraction, ci95: interval })),
  confusion: v.array(v.array(count)),
  labels: v.array(name),
});

const AgreementSchema = v.strictObject({
  samples: count,
  argmaxAgreement: fraction,
  cosineMean: finite,
  cosineMin: finite,
  maxAbsDiff: nonNegative,
  reference: name,
  drift: v.boolean(),
});

const VariantRefSchema = v.strictObject({ modelId: name, dtype: v.picklist(DTYPES) });

export const AccuracyRunSchema = v.strictObject({
  schemaVersion: v.literal(ACCURACY_SCHEMA_VERSION),
  kind: v.literal('accuracy'),
  id: name,
  createdAt: name,
  appVersion: name,
  plan: v.strictObject({
    baseModel: name,
    variants: v.array(VariantRefSchema),
    runtime: v.picklist(RUNTIMES),
    backend: v.picklist(BACKENDS),
    datasetId: name,
    seq: v.pipe(v.number(), v.integer(), v.minValue(1)),
    batchSize: v.pipe(v.number(), v.integer(), v.minValue(1)),
    budget: v.strictObject({ stat: v.picklist(['median', 'p90']), maxMs: nonNegative }),
    protocol: ProtocolSettingsSchema,
  }),
  dataset: v.strictObject({ id: name, name, samples: count, skipped: count, source: name }),
  variants: v.array(
    v.strictObject({
      key: name,
      modelId: name,
      variant: v.picklist(DTYPES),
      family: v.picklist(['teacher', 'distilled-student', 'size-ladder']),
      label: name,
      operators: v.array(name),
      metrics: MetricsSchema,
      unmapped: count,
      truncated: count,
      agreement: v.nullable(AgreementSchema),
      latency: RunResultSchema,
      evalMs: nonNegative,
      tokenizeMs: nonNegative,
    }),
  ),
});

// The schema and the interface describe the same object.
type Parsed = v.InferOutput<typeof AccuracyRunSchema>;
const sameShape: [Parsed, AccuracyRun] extends [AccuracyRun, Parsed] ? true : never = true;
void sameShape;

/** An accuracy run from untrusted JSON; DataFormatError names the first problem. */
export function parseAccuracyRun(input: unknown): AccuracyRun {
  return parseData(AccuracyRunSchema, input, 'not a valid accuracy run');
}
