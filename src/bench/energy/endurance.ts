// Endurance analysis (pure; runs in the app and on the server): throughput per window of a sustained run, the
// stability ratio (worst window ÷ best, as 3DMark's stress tests report it), and the sustained-drop rule that flags a
// run `throttled`. The server recomputes all of it from the raw windows.
import { mean, median } from '../stats.ts';
import { PRESSURE_STATES, type PressureState } from '../../shared/energy-result.ts';

export { PRESSURE_STATES, type PressureState };

/** One window of a sustained run. */
export interface EnduranceWindow {
  /** Start and end, ms from the start of the series. */
  startMs: number;
  endMs: number;
  /** Inferences (items: runs × batch size) completed in the window. */
  items: number;
  /** The most severe Compute Pressure state seen in the window; null where the browser has no PressureObserver. */
  pressure: PressureState | null;
  /** The battery at the window's end; null where the page cannot read it. */
  battery: { level: number; charging: boolean } | null;
}

/** Window length of an endurance run. */
export const WINDOW_MS = 30_000;
/** A run is stable when its worst window keeps this share of its best (3DMark stress test's pass line). */
export const STABILITY_PASS = 0.97;
/** A drop counts when the throughput stays at least this far below the level before it. */
export const DROP_SHARE = 0.05;
/** ... for at least this many windows, to the end of the run. */
export const DROP_MIN_WINDOWS = 2;

export const throughputOf = (w: EnduranceWindow): number => {
  const s = (w.endMs - w.startMs) / 1000;
  return s > 0 ? w.items / s : 0;
};

export interface EnduranceSummary {
  /** Items per second in each window. */
  throughput: number[];
  /** Worst window ÷ best window; null with fewer than two windows. */
  stability: number | null;
  /** Stability at or above STABILITY_PASS. */
  stable: boolean | null;
  /** Start of the first window of the first sustained drop, ms; null when there is none. */
  firstDropMs: number | null;
  /** A sustained drop of DROP_SHARE or more happened. */
  throttled: boolean;
}

/** Window-to-window noise of a series: the robust spread of successive differences (MAD × 1.4826), over √2. */
export function windowNoise(xs: readonly number[]): number {
  if (xs.length < 3) return 0;
  const diffs = xs.slice(1).map((x, i) => x - (xs[i] as number));
  const mid = median(diffs);
  return (1.4826 * median(diffs.map((d) => Math.abs(d - mid)))) / Math.SQRT2;
}

/**
 * Where a sustained drop starts, or -1. The change point is the split i that best separates the windows before it
 * from those after it (the largest drop in means weighted by √(i·(n−i)/n), the usual change-point statistic).
 * It is a sustained drop when, at that split:
 * - the median after lies DROP_SHARE or more below the median before;
 * - each of the last DROP_MIN_WINDOWS windows does too (the run did not recover);
 * - the drop is at least 3 standard errors of a difference of medians (1.25 × the window noise × √(1/i + 1/(n−i))),
 *   so noise between windows of a slow model is not taken for a drop.
 * A slow monotone decline counts once its later half sits 5% below its earlier half.
 */
export function firstSustainedDrop(throughput: readonly number[]): number {
  const n = throughput.length;
  if (n < 2 + DROP_MIN_WINDOWS) return -1;
  let best = -1;
  let bestScore = 0;
  for (let i = 2; i <= n - DROP_MIN_WINDOWS; i++) {
    const score = (mean(throughput.slice(0, i)) - mean(throughput.slice(i))) * Math.sqrt((i * (n - i)) / n);
    if (score > bestScore) [best, bestScore] = [i, score];
  }
  if (best < 0) return -1;
  const before = median(throughput.slice(0, best));
  const after = median(throughput.slice(best));
  const bar = (1 - DROP_SHARE) * before;
  const se = 1.25 * windowNoise(throughput) * Math.sqrt(1 / best + 1 / (n - best));
  const sustained = after <= bar && throughput.slice(-DROP_MIN_WINDOWS).every((x) => x <= bar);
  return sustained && before - after >= 3 * se ? best : -1;
}

export function summarizeEndurance(windows: readonly EnduranceWindow[]): EnduranceSummary {
  const throughput = windows.map(throughputOf);
  const best = Math.max(...throughput);
  const stability = throughput.length >= 2 && best > 0 ? Math.min(...throughput) / best : null;
  const drop = firstSustainedDrop(throughput);
  return {
    throughput,
    stability,
    stable: stability === null ? null : stability >= STABILITY_PASS,
    firstDropMs: drop < 0 ? null : (windows[drop] as EnduranceWindow).startMs,
    throttled: drop >= 0,
  };
}

/** The most severe of the pressure states seen; null if none. */
export function worstPressure(states: readonly (PressureState | null)[]): PressureState | null {
  let worst = -1;
  for (const s of states) if (s) worst = Math.max(worst, PRESSURE_STATES.indexOf(s));
  return worst < 0 ? null : (PRESSURE_STATES[worst] as PressureState);
}
