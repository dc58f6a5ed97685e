// The model catalog contract (runs everywhere): entries, dtype variants and how their fidelity was checked.
import * as v from 'valibot';

export const DTYPES = ['fp32', 'fp16', 'q8', 'int8', 'uint8', 'q4', 'q4f16', 'bnb4'] as const;
export type Dtype = (typeof DTYPES)[number];

/** File name of a dtype variant in the Hub layout, as transformers.js names them. */
export function variantFileName(dtype: Dtype): string {
  const suffix: Record<Dtype, string> = {
    fp32: '',
    fp16: '_fp16',
    q8: '_quantized',
    int8: '_int8',
    uint8: '_uint8',
    q4: '_q4',
    q4f16: '_q4f16',
    bnb4: '_bnb4',
  };
  return `model${suffix[dtype]}.onnx`;
}

const AgreementSchema = v.strictObject({
  reference: v.string(),
  samples: v.pipe(v.number(), v.integer(), v.minValue(1)),
  argmaxAgreement: v.pipe(v.number(), v.minValue(0), v.maxValue(1)),
  cosineMean: v.number(),
  cosineMin: v.number(),
  maxAbsDiff: v.number(),
});

const VariantSchema = v.strictObject({
  dtype: v.picklist(DTYPES),
  file: v.string(),
  bytes: v.pipe(v.number(), v.integer(), v.minValue(0)),
  /** Fidelity against the reference variant, where it was measured. */
  agreement: v.optional(AgreementSchema),
});

export const CatalogEntrySchema = v.strictObject({
  id: v.string(),
  name: v.string(),
  task: v.picklist(['text-classification', 'text-generation']),
  family: v.picklist(['teacher', 'distilled-student', 'size-ladder']),
  source: v.picklist(['local', 'hub']),
  parameters: v.pipe(v.number(), v.integer(), v.minValue(0)),
  description: v.string(),
  labels: v.optional(v.array(v.string())),
  maxPositions: v.optional(v.number()),
  vocabSize: v.optional(v.number()),
  licence: v.string(),
  provenance: v.string(),
  variants: v.pipe(v.array(VariantSchema), v.minLength(1)),
});

export const CatalogSchema = v.strictObject({
  catalogVersion: v.literal(1),
  builderVersion: v.string(),
  entries: v.array(CatalogEntrySchema),
});

export type VariantInfo = v.InferOutput<typeof VariantSchema>;
export type CatalogEntry = v.InferOutput<typeof CatalogEntrySchema>;
export type Catalog = v.InferOutput<typeof CatalogSchema>;
