// What an operators-lab run produced, as the page shows and exports it (main thread, pure): per variant its size,
// parameters, agreement with the fp32 reference, accuracy on the labelled set where the labels match, and its
// latency curve on this device with the validity flags of the measurement.
import type { Analysis } from '../analyze.ts';
import { analyze } from '../analyze.ts';
import { compareLogits, type Agreement } from '../accuracy/agreement.ts';
import type { OutputAgreement } from '../../shared/contracts/operators.ts';
import { argmaxRows } from '../accuracy/classification-metrics.ts';
import { scoreLogits } from '../accuracy/evaluation.ts';
import { labelIndex } from '../../shared/datasets.ts';
import type { LabelledSample } from '../../shared/datasets.ts';
import { describeOperator, type OperatorReport } from '../../shared/operators.ts';
import type { ProtocolSettings } from '../../shared/run-plan.ts';
import type { WorkerProbe } from '../../shared/contracts/model.ts';
import type { LabVariantOutput, OperatorsOutput } from '../../shared/contracts/operators.ts';
import type { LabMeasure } from './lab-analysis.ts';
import type { LabSettings } from './lab-plan.ts';
import type { ProfileSection } from '../../shared/profile.ts';
import { opDeltas, summarizeProfile, type OpDelta, type ProfileSummary } from '../profile/profile-summary.ts';

export interface LabRow {
  id: string;
  label: string;
  from: LabVariantOutput['spec']['from'];
  operators: string[];
  reports: OperatorReport[];
  bytes: number;
  params: number | null;
  buildMs: number;
  /** On the [batch, classes] output (`logits`, else the first); null when the model has none. */
  agreement: Agreement | null;
  /** Every float output against the fp32 base's: a model without a classes output is compared here. */
  outputs: OutputAgreement[];
  accuracy: LabMeasure['accuracy'];
  error: { name: string; message: string; detail?: string } | null;
  /** Why this variant's latency should be read with care: drift, interval not reached, fallback, lost device. */
  flags: string[];
  executionProvider: string | null;
  /** The lab's comparison input; null when the variant failed. */
  measure: LabMeasure | null;
  /** Where its time went, from its profiled pass (when the lab was asked to profile): per op type, layer and node. */
  profile: ProfileSummary | null;
  /** Op types whose time changed against the fp32 reference's profile at the same batch size, largest change first;
   *  null without both profiles. */
  opDeltas: OpDelta[] | null;
  /** Why there is no profile, when one was asked for. */
  profileError: string | null;
  /** How the profile was taken: the clock that timed kernels, its step, and the unrecorded runs before it. */
  profileClock: Pick<ProfileSection, 'clock' | 'resolutionMs' | 'warmupRuns'> | null;
}

export interface LabResult {
  startedAt: string;
  model: string;
  settings: LabSettings;
  probe: WorkerProbe;
  request: { backend: string; batches: number[]; seq: number; protocol: ProtocolSettings };
  output: OperatorsOutput;
  measures: LabRow[];
  analyses: Record<string, Analysis>;
}

function flagsOf(v: LabVariantOutput, a: Analysis | null): string[] {
  return [
    ...(a?.flags.drift ? ['drift'] : []),
    ...(a?.flags.ciNotReached ? ['ciNotReached'] : []),
    ...(v.deviceLost ? ['deviceLost'] : []),
    ...(v.runtime?.providerFallback ? ['providerFallback'] : []),
    ...(v.runtime?.adapter?.isFallbackAdapter ? ['fallbackAdapter'] : []),
    ...(v.timedAlone ? ['timedAlone'] : []),
  ];
}

/** Per row of the labelled set whose label the model knows: whether its argmax is the label. */
function rowsRight(
  samples: readonly LabelledSample[],
  logits: Float32Array,
  width: number,
  labels: readonly string[],
): boolean[] {
  const index = labelIndex(labels);
  const predicted = argmaxRows(logits, width);
  return samples.flatMap((s, i) => {
    const t = index(s.label);
    return t < 0 ? [] : [predicted[i] === t];
  });
}

/** The lowest row cosine over every compared output: the agreement of a model with no [batch, classes] output. */
export function worstCosine(outputs: readonly OutputAgreement[]): number | null {
  const ok = outputs.filter((o) => o.problem === null && o.samples > 0);
  return ok.length ? Math.min(...ok.map((o) => o.cosineMin)) : null;
}

/** Op-time changes smaller than this are left out of a variant's deltas: below the profiler's µs steps summed. */
export const PROFILE_DELTA_MIN_MS = 0.005;

/** One row per variant, in the order they ran; agreement is against the first variant (the fp32 reference). */
export function labMeasures(
  output: OperatorsOutput,
  samples: readonly LabelledSample[],
  labels: readonly string[] | null,
): LabRow[] {
  const reference = output.variants.find((v) => v.spec.operators.length === 0 && v.spec.from === 'base' && !v.error);
  const summaryOf = (v: LabVariantOutput | undefined): ProfileSummary | null => {
    const batch = v?.profile?.batches[0];
    return v?.profile && batch ? summarizeProfile(batch, v.profile.requestedProvider) : null;
  };
  const baseProfile = summaryOf(reference);
  return output.variants.map((v) => {
    const profile = summaryOf(v);
    const a = v.raw && v.raw.points.some((p) => p.samplesMs.length > 0) ? analyze(v.raw) : null;
    const agreement =
      reference && !v.error && v.logits.length > 0 && v.logits.length === reference.logits.length && v.width > 0
        ? compareLogits(reference.logits, v.logits, v.width)
        : null;
    let accuracy: LabMeasure['accuracy'] = null;
    let outcomes: boolean[] | null = null;
    if (!v.error && labels && labels.length === v.width && samples.length > 0 && v.logits.length === samples.length * v.width) {
      const m = scoreLogits(samples, v.logits, v.width, labels).metrics;
      accuracy = { value: m.accuracy, ci95: m.accuracyCi95 };
      outcomes = rowsRight(samples, v.logits, v.width, labels);
    } else if (agreement && reference) {
      // No accuracy: each row agrees with fp32's argmax or not, which pairs as well.
      const mine = argmaxRows(v.logits, v.width);
      const theirs = argmaxRows(reference.logits, reference.width);
      outcomes = mine.map((k, i) => k === theirs[i]);
    }
    const curve = a
      ? {
          points: a.points.map((p) => ({ batch: p.batchSize, ms: p.stats.median })),
          fixedMs: a.fit.fixedMs,
          perItemMs: a.fit.perItemMs,
        }
      : null;
    const operators = v.spec.operators.map(describeOperator);
    const distilled = v.spec.from === 'student';
    return {
      id: v.spec.id,
      label: v.spec.label,
      from: v.spec.from,
      operators: distilled ? ['distilled', ...operators] : operators,
      reports: v.reports,
      bytes: v.bytes.byteLength,
      params: v.params,
      buildMs: v.buildMs,
      agreement,
      outputs: v.outputs,
      accuracy,
      error: v.error,
      flags: flagsOf(v, a),
      executionProvider: v.runtime?.executionProvider ?? null,
      profile,
      opDeltas:
        profile && baseProfile && profile.batchSize === baseProfile.batchSize
          ? opDeltas(baseProfile, profile, PROFILE_DELTA_MIN_MS)
          : null,
      profileError: v.profileError ?? null,
      profileClock: v.profile
        ? { clock: v.profile.clock, resolutionMs: v.profile.resolutionMs, warmupRuns: v.profile.warmupRuns }
        : null,
      measure:
        curve && !v.error
          ? {
              id: v.spec.id,
              label: v.spec.label,
              distilled,
              kinds: v.spec.operators.map((o) => o.kind),
              bytes: v.bytes.byteLength,
              accuracy,
              agreement: agreement?.argmaxAgreement ?? worstCosine(v.outputs) ?? (v === reference ? 1 : 0),
              outcomes,
              latency: a!.points.map((p) => ({
                batch: p.batchSize,
                median: p.stats.median,
                lo: p.stats.ci95.lo,
                hi: p.stats.ci95.hi,
              })),
              curve,
            }
          : null,
    };
  });
}

/** The run as JSON for export: everything but the model files, each variant with its operators' provenance. */
export function labExport(r: LabResult, appVersion: string, extra: Record<string, unknown>): object {
  return {
    format: 'tierlab-operators',
    version: 1,
    createdAt: r.startedAt,
    appVersion,
    model: r.model,
    environment: {
      backend: r.request.backend,
      threads: r.probe.threads,
      crossOriginIsolated: r.probe.crossOriginIsolated,
      ortBuild: r.probe.ortBuild,
      hardwareConcurrency: r.probe.hardwareConcurrency,
    },
    protocol: r.request.protocol,
    batches: r.request.batches,
    seq: r.request.seq,
    settings: r.settings,
    notes: r.output.notes,
    variants: r.measures.map((m) => ({
      id: m.id,
      label: m.label,
      from: m.from,
      provenance: m.reports,
      bytes: m.bytes,
      params: m.params,
      buildMs: m.buildMs,
      executionProvider: m.executionProvider,
      flags: m.flags,
      agreement: m.agreement,
      outputs: m.outputs,
      accuracy: m.accuracy,
      error: m.error,
      ...(m.profile
        ? {
            profile: {
              batchSize: m.profile.batchSize,
              ...m.profileClock,
              runs: m.profile.runs,
              runsAveraged: m.profile.used.length,
              wallMs: m.profile.wallMs,
              kernelMs: m.profile.kernelMs,
              coverage: m.profile.coverage,
              byOp: m.profile.byOp,
              opDeltas: m.opDeltas,
              fallbacks: m.profile.fallbacks.length,
              copies: m.profile.copies.length,
            },
          }
        : {}),
      points: r.analyses[m.id]?.points.map((p) => ({ batchSize: p.batchSize, stats: p.stats })) ?? [],
    })),
    ...extra,
  };
}
