// Paired comparison of two variants scored on the same rows (pure; runs everywhere): each row is right or wrong for
// both, so their accuracy difference is judged on the rows where they disagree (McNemar's exact test) with Newcombe's
// paired interval, not as if the two accuracies came from independent samples.
import { wilson } from './classification-metrics.ts';

export interface PairedDifference {
  /** Rows compared. */
  n: number;
  /** Rows right for the first only, and for the second only (the discordant pairs). */
  onlyFirst: number;
  onlySecond: number;
  /** Accuracy of the first minus the second. */
  value: number;
  /** Newcombe's paired 95% interval (method 10: Wilson score intervals with the pairs' correlation). */
  ci95: { lo: number; hi: number };
  /** McNemar's exact two-sided p-value (binomial on the discordant pairs). */
  p: number;
}

/** log C(n, k), exactly enough for the few hundred rows a lab scores. */
function logChoose(n: number, k: number): number {
  let s = 0;
  for (let i = 1; i <= k; i++) s += Math.log((n - k + i) / i);
  return s;
}

/** McNemar's exact test: 2 · P(X ≤ min(b, c)) for X ~ Binomial(b + c, 1/2), capped at 1. */
export function mcnemarExact(b: number, c: number): number {
  const m = b + c;
  if (m === 0) return 1;
  let tail = 0;
  for (let k = 0; k <= Math.min(b, c); k++) tail += Math.exp(logChoose(m, k) - m * Math.LN2);
  return Math.min(1, 2 * tail);
}

/**
 * The paired difference of two rows-of-outcomes of equal length (Newcombe 1998, "Improved confidence intervals for
 * the difference between binomial proportions based on paired data", method 10).
 */
export function pairedDifference(first: readonly boolean[], second: readonly boolean[]): PairedDifference {
  if (first.length !== second.length) throw new Error(`paired rows differ in length: ${first.length} and ${second.length}`);
  const n = first.length;
  let a = 0;
  let b = 0;
  let c = 0;
  for (let i = 0; i < n; i++) {
    if (first[i] && second[i]) a++;
    else if (first[i]) b++;
    else if (second[i]) c++;
  }
  const d = n - a - b - c;
  if (n === 0) return { n, onlyFirst: 0, onlySecond: 0, value: 0, ci95: { lo: -1, hi: 1 }, p: 1 };
  const p1 = (a + b) / n;
  const p2 = (a + c) / n;
  const w1 = wilson(a + b, n);
  const w2 = wilson(a + c, n);
  const denominator = Math.sqrt((a + b) * (c + d) * (a + c) * (b + d));
  const phi = denominator > 0 ? (a * d - b * c) / denominator : 0;
  const [dl1, du1, dl2, du2] = [p1 - w1.lo, w1.hi - p1, p2 - w2.lo, w2.hi - p2];
  const value = p1 - p2;
  const lo = value - Math.sqrt(Math.max(0, dl1 ** 2 - 2 * phi * dl1 * du2 + du2 ** 2));
  const hi = value + Math.sqrt(Math.max(0, du1 ** 2 - 2 * phi * du1 * dl2 + dl2 ** 2));
  return { n, onlyFirst: b, onlySecond: c, value, ci95: { lo: Math.max(-1, lo), hi: Math.min(1, hi) }, p: mcnemarExact(b, c) };
}
