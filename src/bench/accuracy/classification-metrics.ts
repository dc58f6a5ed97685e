// Classification metrics (pure; runs everywhere): confusion matrix, accuracy with its Wilson interval, macro-F1,
// per-class precision/recall/F1 and accuracy per group (such as the programming language of each sample).

export interface ClassMetrics {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  /** Samples whose true label is this class. */
  support: number;
}

export interface GroupAccuracy {
  group: string;
  correct: number;
  total: number;
  accuracy: number;
  ci95: { lo: number; hi: number };
}

export interface ClassificationMetrics {
  samples: number;
  correct: number;
  accuracy: number;
  /** Wilson score interval of the accuracy at 95%. */
  accuracyCi95: { lo: number; hi: number };
  /** Unweighted mean of per-class F1 over classes that occur as a true label or a prediction. */
  macroF1: number;
  perClass: ClassMetrics[];
  perGroup: GroupAccuracy[];
  /** confusion[t][p]: samples of true class t predicted as p, in `labels` order. */
  confusion: number[][];
  labels: string[];
}

const Z95 = 1.959963984540054;

/** Wilson score interval for `k` successes out of `n` (z = 1.96); [0, 1] when n is 0. */
export function wilson(k: number, n: number, z = Z95): { lo: number; hi: number } {
  if (n === 0) return { lo: 0, hi: 1 };
  const p = k / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { lo: Math.max(0, centre - half), hi: Math.min(1, centre + half) };
}

/** Index of the largest value of each row of row-major `logits` [rows, width]. */
export function argmaxRows(logits: ArrayLike<number>, width: number): number[] {
  const rows = Math.floor(logits.length / width);
  const out: number[] = [];
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let i = 1; i < width; i++) if ((logits[r * width + i] as number) > (logits[r * width + best] as number)) best = i;
    out.push(best);
  }
  return out;
}

/**
 * Metrics of predictions `predicted[i]` against `truth[i]` (indices into `labels`), with `groups[i]` naming each
 * sample's group for the per-group breakdown.
 */
export function classificationMetrics(
  truth: readonly number[],
  predicted: readonly number[],
  labels: readonly string[],
  groups: readonly string[] = [],
): ClassificationMetrics {
  if (truth.length !== predicted.length) throw new Error(`${truth.length} labels but ${predicted.length} predictions`);
  const k = labels.length;
  const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  let correct = 0;
  truth.forEach((t, i) => {
    const p = predicted[i] as number;
    if (t < 0 || t >= k || p < 0 || p >= k) throw new Error(`label index out of range at sample ${i}`);
    (confusion[t] as number[])[p] = ((confusion[t] as number[])[p] as number) + 1;
    if (t === p) correct++;
  });
  const perClass = labels.map((label, c) => {
    const tp = (confusion[c] as number[])[c] as number;
    const support = (confusion[c] as number[]).reduce((a, b) => a + b, 0);
    const predictedAs = confusion.reduce((a, row) => a + (row[c] as number), 0);
    const precision = predictedAs ? tp / predictedAs : 0;
    const recall = support ? tp / support : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    return { label, precision, recall, f1, support, predictedAs };
  });
  const present = perClass.filter((c) => c.support > 0 || c.predictedAs > 0);
  const macroF1 = present.length ? present.reduce((a, c) => a + c.f1, 0) / present.length : 0;
  const byGroup = new Map<string, { correct: number; total: number }>();
  groups.forEach((g, i) => {
    const s = byGroup.get(g) ?? { correct: 0, total: 0 };
    s.total++;
    if (truth[i] === predicted[i]) s.correct++;
    byGroup.set(g, s);
  });
  const n = truth.length;
  return {
    samples: n,
    correct,
    accuracy: n ? correct / n : 0,
    accuracyCi95: wilson(correct, n),
    macroF1,
    perClass: perClass.map(({ label, precision, recall, f1, support }) => ({ label, precision, recall, f1, support })),
    perGroup: [...byGroup.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([group, s]) => ({ group, ...s, accuracy: s.correct / s.total, ci95: wilson(s.correct, s.total) })),
    confusion,
    labels: [...labels],
  };
}
