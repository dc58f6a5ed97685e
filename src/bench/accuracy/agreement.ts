// Output agreement between a model variant and its reference (pure; runs everywhere): argmax match and logit similarity.

export interface Agreement {
  /** Rows compared. */
  samples: number;
  /** Fraction of rows whose argmax label matches the reference. */
  argmaxAgreement: number;
  /** Mean and minimum cosine similarity of logit rows. */
  cosineMean: number;
  cosineMin: number;
  /** Largest absolute difference of any logit. */
  maxAbsDiff: number;
}

function argmax(row: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < row.length; i++) if ((row[i] as number) > (row[best] as number)) best = i;
  return best;
}

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  if (na === 0 && nb === 0) return 1;
  if (na === 0 || nb === 0) return 0;
  return dot / Math.sqrt(na * nb);
}

/** Compares row-major logits [rows, width] of a candidate with the reference. */
export function compareLogits(reference: ArrayLike<number>, candidate: ArrayLike<number>, width: number): Agreement {
  if (reference.length !== candidate.length || width <= 0 || reference.length % width !== 0) {
    throw new Error(`logit shapes differ: ${reference.length} vs ${candidate.length} values, width ${width}`);
  }
  const rows = reference.length / width;
  let agree = 0;
  let cosSum = 0;
  let cosMin = Infinity;
  let maxAbsDiff = 0;
  for (let r = 0; r < rows; r++) {
    const a = Array.prototype.slice.call(reference, r * width, (r + 1) * width) as number[];
    const b = Array.prototype.slice.call(candidate, r * width, (r + 1) * width) as number[];
    if (argmax(a) === argmax(b)) agree++;
    const cos = cosine(a, b);
    cosSum += cos;
    cosMin = Math.min(cosMin, cos);
    for (let i = 0; i < width; i++) maxAbsDiff = Math.max(maxAbsDiff, Math.abs((a[i] as number) - (b[i] as number)));
  }
  return {
    samples: rows,
    argmaxAgreement: rows ? agree / rows : 1,
    cosineMean: rows ? cosSum / rows : 1,
    cosineMin: rows ? cosMin : 1,
    maxAbsDiff,
  };
}
