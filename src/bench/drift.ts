// Drift of a batch size's latency during its sampling (pure; runs everywhere): a Mann-Whitney rank-sum test of the
// first half of the samples, in time order, against the second half, counted as drift only for a change of at least
// 5%. Its false-positive rate on a stationary device is at most its significance level whatever the noise
// distribution; docs/measurement.md has the simulated rates and power.
import { median } from './stats.ts';

/** Chance that a run on a stationary device is flagged for drift, shared between its batch sizes (Bonferroni). */
export const DRIFT_RUN_ALPHA = 0.04;
/**
 * Smallest change that counts as drift, however significant: the default precision target. With hundreds of samples
 * the test also finds real changes of 1-2% (a busy machine), which move no reported figure beyond its interval.
 */
export const DRIFT_MIN_CHANGE = 0.05;
/** Fewest samples for a test: five on each side. */
export const DRIFT_MIN_SAMPLES = 10;

export interface DriftTest {
  /** Samples in the first and second half (the odd one goes to the second). */
  n: [number, number];
  /** Median of the second half over the first half's: the size of the change. */
  ratio: number;
  /** Standardized rank-sum statistic (tie-corrected); positive when later samples are slower. */
  z: number;
  /** Two-sided p-value from the normal approximation. */
  pValue: number;
  /** Significance level this test used (DRIFT_RUN_ALPHA over the run's batch sizes). */
  alpha: number;
  /** Significant at `alpha` and a change of at least DRIFT_MIN_CHANGE either way. */
  drifting: boolean;
}

/** Complementary error function (Numerical Recipes' Chebyshev fit, relative error below 1.2e-7). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + z / 2);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** Two-sided p-value of a standard normal statistic. */
export function twoSidedP(z: number): number {
  return Math.min(1, erfc(Math.abs(z) / Math.SQRT2));
}

/** Significance level per batch size for a run of `points` batch sizes. */
export function driftAlpha(points: number): number {
  return DRIFT_RUN_ALPHA / Math.max(1, points);
}

/**
 * Tests `samples` (in the order they were taken) for a change between the first and the second half; null below
 * DRIFT_MIN_SAMPLES. `points` is the number of batch sizes in the run, which splits DRIFT_RUN_ALPHA between them.
 */
export function driftTest(samples: readonly number[], points: number): DriftTest | null {
  const n = samples.length;
  if (n < DRIFT_MIN_SAMPLES) return null;
  const n1 = Math.floor(n / 2);
  const n2 = n - n1;
  // Mid-ranks, and the tie correction sum of (t^3 - t) over groups of equal values.
  const order = samples.map((value, i) => ({ value, i })).sort((a, b) => a.value - b.value);
  const rank = new Float64Array(n);
  let ties = 0;
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && order[j + 1]!.value === order[i]!.value) j++;
    for (let k = i; k <= j; k++) rank[order[k]!.i] = (i + j) / 2 + 1;
    const t = j - i + 1;
    ties += t ** 3 - t;
    i = j + 1;
  }
  let laterRanks = 0;
  for (let i = n1; i < n; i++) laterRanks += rank[i] as number;
  const u = laterRanks - (n2 * (n2 + 1)) / 2;
  const variance = ((n1 * n2) / 12) * (n + 1 - ties / (n * (n - 1)));
  const z = variance > 0 ? (u - (n1 * n2) / 2) / Math.sqrt(variance) : 0;
  const pValue = twoSidedP(z);
  const alpha = driftAlpha(points);
  const m0 = median(samples.slice(0, n1));
  const ratio = m0 > 0 ? median(samples.slice(n1)) / m0 : 1;
  const large = ratio >= 1 + DRIFT_MIN_CHANGE || ratio <= 1 / (1 + DRIFT_MIN_CHANGE);
  return { n: [n1, n2], ratio, z, pValue, alpha, drifting: pValue < alpha && large };
}
