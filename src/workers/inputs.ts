// Builds model feeds from input metadata (pure; inference worker): tokenized code where it fits, synthetic data elsewhere.
import { InputSynthesisError } from '../shared/errors.ts';
import type { InputSummary, TensorInfo } from '../shared/run-result.ts';

export type HostData = Float32Array | BigInt64Array | Int32Array | Uint8Array;

/** A tensor as plain data, independent of any runtime. */
export interface HostTensor {
  type: string;
  data: HostData;
  dims: number[];
}

export type HostFeeds = Record<string, HostTensor>;

/** Tokenized samples: one row of ids per sample (already including special tokens), not padded. */
export interface TokenRows {
  ids: number[][];
  padId: number;
  /** Time the tokenizer took for all rows, ms (measured apart from inference). */
  tokenizeMs?: number;
  description: string;
}

/** 'max-length' pads every sample to the sequence cap; 'longest' pads to the longest sample in the batch (as servers do). */
export type Padding = 'max-length' | 'longest';

export interface FeedPlan {
  /** Sequence length the feeds of a batch size have. */
  sequenceLength(batchSize: number): number;
  /** Builds the feeds for one batch size. */
  feeds(batchSize: number): HostFeeds;
  summary(batchSize: number): InputSummary;
}

type Role = 'ids' | 'mask' | 'typeIds' | 'positions' | 'zeros' | 'random';

const INT_TYPES = new Set(['int64', 'int32', 'uint8', 'int8']);

function roleOf(input: TensorInfo): Role {
  const name = input.name.toLowerCase();
  if (input.type === 'float32') return 'random';
  if (!INT_TYPES.has(input.type) && input.type !== 'bool') {
    throw new InputSynthesisError(`input "${input.name}" has element type ${input.type}, which TierLab cannot synthesize`);
  }
  if (input.type === 'bool') return 'zeros';
  if (/mask/.test(name)) return 'mask';
  if (/token_type|segment/.test(name)) return 'typeIds';
  if (/position/.test(name)) return 'positions';
  if (/ids?$|token|input/.test(name)) return 'ids';
  return 'zeros';
}

/** Resolves the shape: first symbolic (or -1) dimension is the batch, the second the sequence; more are refused. */
export function resolveDims(input: TensorInfo, batchSize: number, seq: number): number[] {
  let dynamic = 0;
  return input.shape.map((d, axis) => {
    if (typeof d === 'number' && d >= 0) return d;
    dynamic++;
    if (dynamic === 1) return batchSize;
    if (dynamic === 2) return seq;
    throw new InputSynthesisError(
      `input "${input.name}" has a third dynamic dimension ("${String(d)}" at axis ${axis}); TierLab fills only batch and sequence`,
    );
  });
}

function allocate(type: string, size: number): HostData {
  if (type === 'int64') return new BigInt64Array(size);
  if (type === 'int32') return new Int32Array(size);
  if (type === 'float32') return new Float32Array(size);
  return new Uint8Array(size);
}

function put(data: HostData, i: number, value: number): void {
  if (data instanceof BigInt64Array) data[i] = BigInt(value);
  else data[i] = value;
}

/** Row `r` of the batch, cycling through the token rows and truncating to `seq`. */
function rowIds(rows: TokenRows, r: number, seq: number): number[] {
  const row = rows.ids[r % rows.ids.length] ?? [];
  return row.slice(0, seq);
}

function fill(
  input: TensorInfo,
  role: Role,
  dims: number[],
  rows: TokenRows | null,
  vocab: number | null,
  seed: number,
): HostData {
  const size = dims.reduce((a, b) => a * b, 1);
  const data = allocate(input.type, size);
  const seq = dims.length >= 2 ? (dims[dims.length - 1] as number) : 1;
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
  for (let i = 0; i < size; i++) {
    const row = Math.floor(i / seq);
    const col = i % seq;
    const ids = rows ? rowIds(rows, row, seq) : null;
    const real = ids ? col < ids.length : true;
    switch (role) {
      case 'ids':
        if (ids) put(data, i, real ? (ids[col] as number) : rows!.padId);
        else put(data, i, Math.floor(next() * (vocab ?? 100)));
        break;
      case 'mask':
        put(data, i, real ? 1 : 0);
        break;
      case 'positions':
        put(data, i, col);
        break;
      case 'random':
        put(data, i, next() * 2 - 1);
        break;
      default:
        put(data, i, 0);
    }
  }
  return data;
}

/**
 * Plans feeds for a model: `rows` (tokenized code) fill id and mask inputs when given; otherwise ids are drawn
 * below the vocabulary size the graph shows (`vocab` per input) and masks are all ones.
 */
export function planFeeds(
  inputs: readonly TensorInfo[],
  seq: number,
  rows: TokenRows | null,
  vocab: ReadonlyMap<string, number>,
  padding: Padding = 'max-length',
): FeedPlan {
  const roles = inputs.map((input) => roleOf(input));
  const idInputs = inputs.filter((_, i) => roles[i] === 'ids');
  // Fail now, naming the input, rather than in the middle of a run.
  for (const input of inputs) resolveDims(input, 1, seq);
  /** Sequence length of a batch: the cap, or with 'longest' padding the longest (truncated) sample in it. */
  const lengthOf = (batchSize: number): number => {
    if (!rows || padding === 'max-length') return seq;
    let longest = 1;
    for (let r = 0; r < batchSize; r++) longest = Math.max(longest, (rows.ids[r % rows.ids.length] ?? []).length);
    return Math.min(seq, longest);
  };
  return {
    sequenceLength: lengthOf,
    feeds(batchSize) {
      const feeds: HostFeeds = {};
      const length = lengthOf(batchSize);
      inputs.forEach((input, i) => {
        const dims = resolveDims(input, batchSize, length);
        feeds[input.name] = {
          type: input.type,
          dims,
          data: fill(input, roles[i] as Role, dims, rows, vocab.get(input.name) ?? null, 1234 + i),
        };
      });
      return feeds;
    },
    summary(batchSize) {
      if (!rows) {
        const sizes = idInputs.map((i) =>
          vocab.has(i.name) ? `${i.name} < ${vocab.get(i.name)}` : `${i.name} < 100 (vocabulary not found in the graph)`,
        );
        return {
          kind: 'synthetic',
          padding,
          sequenceLength: seq,
          tokensPerSampleMean: seq,
          paddingFraction: 0,
          truncatedSamples: 0,
          description: `synthetic inputs from metadata${sizes.length ? `; ids ${sizes.join(', ')}` : ''}`,
        };
      }
      const length = lengthOf(batchSize);
      const lengths = Array.from({ length: batchSize }, (_, r) => (rows.ids[r % rows.ids.length] ?? []).length);
      const used = lengths.map((n) => Math.min(n, length));
      const tokens = used.reduce((a, b) => a + b, 0);
      return {
        kind: 'tokenized',
        padding,
        sequenceLength: length,
        tokensPerSampleMean: tokens / batchSize,
        paddingFraction: 1 - tokens / (batchSize * length),
        truncatedSamples: lengths.filter((n) => n > length).length,
        ...(rows.tokenizeMs !== undefined ? { tokenizeMsPerSample: rows.tokenizeMs / rows.ids.length } : {}),
        description: rows.description,
      };
    },
  };
}
