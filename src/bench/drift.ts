// Drift between the start and the end of a batch size's sampling (pure; runs everywhere).
import { median } from './stats.ts';

/** Relative change between first and last visits beyond which a point counts as drifting. */
export const DRIFT_THRESHOLD = 0.15;
/** Fewest samples on each side of the drift comparison. */
export const DRIFT_MIN_SAMPLES = 5;

/**
 * Median of the last visits over the first visits: visits are merged from each end until each side has
 * DRIFT_MIN_SAMPLES samples, without overlap; null when there are too few visits or samples for that.
 */
export function driftRatio(visits: readonly (readonly number[])[]): number | null {
  const take = (ordered: readonly (readonly number[])[]): { samples: number[]; used: number } => {
    const samples: number[] = [];
    let used = 0;
    for (const v of ordered) {
      if (samples.length >= DRIFT_MIN_SAMPLES) break;
      samples.push(...v);
      used++;
    }
    return { samples, used };
  };
  const first = take(visits);
  const last = take([...visits].reverse());
  if (first.samples.length < DRIFT_MIN_SAMPLES || last.samples.length < DRIFT_MIN_SAMPLES) return null;
  if (first.used + last.used > visits.length) return null;
  const m0 = median(first.samples);
  return m0 > 0 ? median(last.samples) / m0 : null;
}

/** True when the drift ratio is known and beyond DRIFT_THRESHOLD either way. */
export function isDrifting(visits: readonly (readonly number[])[]): boolean {
  const r = driftRatio(visits);
  return r !== null && Math.abs(r - 1) > DRIFT_THRESHOLD;
}
