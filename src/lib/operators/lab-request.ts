// The pure parts of the operators lab's controller (main thread): which catalog models the lab starts from, their
// students, the progress line of a run, and the protocol the lab times with. Unit-tested in lab-request.test.ts.
import type { Catalog, CatalogEntry } from '../../shared/catalog.ts';
import type { OperatorsProgress } from '../../shared/contracts/operators.ts';
import { DEFAULT_PLAN, type ProtocolSettings } from '../../shared/run-plan.ts';
import type { ProgressView } from '../ui/run-progress.ts';

/** Encoders the lab can start from: catalog classifiers with an fp32 file that are not themselves students. */
export function labBases(catalog: Catalog | null): CatalogEntry[] {
  return (catalog?.entries ?? []).filter(
    (e) => e.task === 'text-classification' && e.family !== 'distilled-student' && e.variants.some((v) => v.dtype === 'fp32'),
  );
}

/** The catalog student distilled from `id`, with an fp32 file, if there is one. */
export function studentOf(catalog: Catalog | null, id: string): CatalogEntry | null {
  return (
    catalog?.entries.find(
      (e) => e.family === 'distilled-student' && e.baseModel === id && e.variants.some((v) => v.dtype === 'fp32'),
    ) ?? null
  );
}

/** The progress bar of a lab run: the download is the first tenth, then each variant an equal share. */
export function labProgress(p: OperatorsProgress): ProgressView {
  if (p.phase === 'download')
    return { fraction: p.progress.total ? p.progress.loaded / p.progress.total / 10 : null, label: 'downloading the model' };
  const within = p.done !== null && p.of ? p.done / p.of : 0;
  return { fraction: (p.index + within) / p.total, label: `Variant ${p.index + 1} of ${p.total}, ${p.label}: ${p.step}` };
}

/** The lab times many variants, so each gets a shorter protocol than a benchmark: 10 samples, 0.3 to 3 s, ±10%. */
export const LAB_PROTOCOL: ProtocolSettings = {
  ...DEFAULT_PLAN.protocol,
  minSamples: 10,
  minTimeMs: 300,
  maxTimeMs: 3000,
  targetRelCi: 0.1,
};
