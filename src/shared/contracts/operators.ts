// The operators lab's worker contract (types only, any thread): variants built from a model by operators, their
// agreement with fp32 and their latency. src/workers/operators/lab-run.ts implements it.
import type { ProfileSection } from '../profile.ts';
import type { OperatorReport, OperatorSpec } from '../operators.ts';
import type { Backend, ProtocolSettings } from '../run-plan.ts';
import type { InputSummary } from '../run-result.ts';
import type { RawMeasurements } from './measurement.ts';
import type { DownloadProgress, ModelFile, ModelLocation, RuntimeInfo } from './model.ts';

/** How one output of a variant compares with the same output of the reference. */
export interface OutputAgreement {
  name: string;
  /** The shape of the first chunk, e.g. "8×64×30522". */
  shape: string;
  /** Rows compared (of `rows`). */
  samples: number;
  rows: number;
  cosineMean: number;
  cosineMin: number;
  maxAbsDiff: number;
  /** For a [batch, classes] output only. */
  argmaxAgreement: number | null;
  /** Why it could not be compared (missing, another shape); the figures are then 0. */
  problem: string | null;
}

/** One variant the operators lab builds: operators applied in order to the base model or its distilled student. */
export interface LabVariantSpec {
  id: string;
  label: string;
  /** The base model, its distilled student, or a model the person brought (a QAT export, say). */
  from: 'base' | 'student' | 'extra';
  operators: OperatorSpec[];
}

export interface OperatorsRequest {
  /** The base (fp32) model: a URL, or the bytes of a file from this device. */
  base: ModelFile;
  label: string;
  /** The distilled student's fp32 file, when the base has one in the catalog. */
  student: { url: string } | null;
  /** A further model to compare as it is (a QAT export), from this device. */
  extra: { bytes: Uint8Array; name: string } | null;
  backend: Backend;
  batches: number[];
  seq: number;
  /** The tokenizer for the labelled texts and the calibration snippets; null runs synthetic ids (no accuracy). */
  tokenizer: ModelLocation | null;
  /** The labelled evaluation texts (logits come back in this order). */
  texts: string[];
  protocol: ProtocolSettings;
  variants: LabVariantSpec[];
  /** After the timing, profile each variant at its largest batch size in a pass of its own (where the time went). */
  profile: boolean;
}

export type OperatorsProgress =
  | { phase: 'download'; progress: DownloadProgress }
  | { phase: 'variant'; index: number; total: number; label: string; step: string; done: number | null; of: number | null };

export interface LabVariantOutput {
  spec: LabVariantSpec;
  /** What each operator did, in order. */
  reports: OperatorReport[];
  /** The variant's ONNX file (to download, or to load on the Benchmark page). */
  bytes: Uint8Array;
  /** Weight values in the file (a 4-bit weight counts once); null when it could not be read. */
  params: number | null;
  /** Row-major logits on the texts ([batch, classes] output: `logits`, else the first); empty when none or failed. */
  logits: Float32Array;
  width: number;
  /** Every float output against the fp32 base's (cosine, max abs difference, argmax where [batch, classes]). */
  outputs: OutputAgreement[];
  raw: RawMeasurements | null;
  runtime: RuntimeInfo | null;
  deviceLost: boolean;
  /** Timed on its own, not interleaved with the others (it did not fit in memory beside them). */
  timedAlone?: boolean;
  /** The variant's profiled pass at its largest batch size, when asked for; else null, with why in profileError. */
  profile?: ProfileSection | null;
  profileError?: string | null;
  /** Why this variant could not be built or run (the others still are); `detail` is the runtime's own words. */
  error: { name: string; message: string; detail?: string } | null;
  buildMs: number;
}

export interface OperatorsOutput {
  variants: LabVariantOutput[];
  inputs: InputSummary | null;
  /** Calibration and evaluation inputs, in words. */
  notes: string[];
}
