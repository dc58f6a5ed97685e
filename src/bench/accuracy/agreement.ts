// Output agreement between a model variant and its reference (pure; runs everywhere): argmax match and logit similarity.
import type { OutputAgreement } from '../../shared/contracts/operators.ts';

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

/** One float output of a model over the evaluation inputs, chunk by chunk (each chunk's first axis is its rows). */
export interface EvalOutput {
  name: string;
  chunks: { dims: number[]; data: Float32Array }[];
  /** Rows the model produced; `chunks` may hold fewer when the output was too large to keep whole. */
  rows: number;
}

const shapeOf = (dims: readonly number[]) => dims.join('×') || 'scalar';

/** Compares every float output of a candidate with the reference's output of the same name, row by row. */
export function compareOutputs(reference: readonly EvalOutput[], candidate: readonly EvalOutput[]): OutputAgreement[] {
  return reference.map((ref) => {
    const shape = shapeOf(ref.chunks[0]?.dims ?? []);
    const empty = {
      name: ref.name,
      shape,
      samples: 0,
      rows: ref.rows,
      cosineMean: 0,
      cosineMin: 0,
      maxAbsDiff: 0,
      argmaxAgreement: null,
    };
    const cand = candidate.find((c) => c.name === ref.name);
    if (!cand) return { ...empty, problem: 'this variant has no such output' };
    const chunks = Math.min(ref.chunks.length, cand.chunks.length);
    for (let i = 0; i < chunks; i++) {
      const [a, b] = [ref.chunks[i]!.dims, cand.chunks[i]!.dims];
      if (shapeOf(a) !== shapeOf(b)) return { ...empty, problem: `shape ${shapeOf(b)} where the reference has ${shapeOf(a)}` };
    }
    const classes = ref.chunks.every((c) => c.dims.length === 2);
    let samples = 0;
    let agree = 0;
    let cosSum = 0;
    let cosMin = Infinity;
    let maxAbsDiff = 0;
    for (let i = 0; i < chunks; i++) {
      const { dims, data } = ref.chunks[i]!;
      const other = cand.chunks[i]!.data;
      const rows = dims.length === 0 ? 1 : (dims[0] as number);
      const width = rows > 0 ? data.length / rows : 0;
      for (let r = 0; r < rows; r++) {
        const a = data.subarray(r * width, (r + 1) * width);
        const b = other.subarray(r * width, (r + 1) * width);
        if (classes && argmax(a) === argmax(b)) agree++;
        const cos = cosine(a, b);
        cosSum += cos;
        cosMin = Math.min(cosMin, cos);
        for (let j = 0; j < width; j++) maxAbsDiff = Math.max(maxAbsDiff, Math.abs((a[j] as number) - (b[j] as number)));
        samples++;
      }
    }
    return {
      name: ref.name,
      shape,
      samples,
      rows: ref.rows,
      cosineMean: samples ? cosSum / samples : 1,
      cosineMin: samples ? cosMin : 1,
      maxAbsDiff,
      argmaxAgreement: classes ? (samples ? agree / samples : 1) : null,
      problem: null,
    };
  });
}

/** The output accuracy and argmax agreement are read from: `logits` when it is [batch, classes], else the first such. */
export function classesOutput(outputs: readonly EvalOutput[]): EvalOutput | null {
  const is2d = (o: EvalOutput) =>
    o.chunks.length > 0 && o.chunks.every((c) => c.dims.length === 2 && c.dims[1] === o.chunks[0]!.dims[1]);
  return outputs.find((o) => o.name === 'logits' && is2d(o)) ?? outputs.find(is2d) ?? null;
}
