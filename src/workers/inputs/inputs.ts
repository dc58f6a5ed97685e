// Builds model feeds from input metadata (pure; inference worker): tokenized code where it fits, synthetic data elsewhere.
import { InputSynthesisError } from '../../shared/errors.ts';
import { checkFixedDims, fixedSequence, resolveDims, roleOf, type DimRole, type InputRole } from '../../shared/input-shapes.ts';
import type { InputSummary, TensorInfo } from '../../shared/run-result.ts';
import type { Padding } from '../../shared/contracts/model.ts';
import { NO_FACTS, type GraphFacts } from './graph-facts.ts';

export type HostData = Float32Array | BigInt64Array | Int32Array | Uint8Array | Uint16Array | Int8Array;

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
export interface FeedPlan {
  /** Sequence length the feeds of a batch size have. */
  sequenceLength(batchSize: number): number;
  /** Builds the feeds for one batch size. */
  feeds(batchSize: number): HostFeeds;
  summary(batchSize: number): InputSummary;
}

function allocate(type: string, size: number): HostData {
  if (type === 'int64') return new BigInt64Array(size);
  if (type === 'int32') return new Int32Array(size);
  if (type === 'float32') return new Float32Array(size);
  if (type === 'float16') return new Uint16Array(size); // zeros are +0.0 in half precision too
  if (type === 'int8') return new Int8Array(size);
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

/** What fill() needs beyond the shape: the ids' bound, the mask convention and the KV-cache past length. */
interface FillContext {
  vocab: number | null;
  additiveMask: boolean;
  past: number;
}

/** Float32's lowest value: an additive mask's "−inf" that cannot turn a softmax row into NaN. */
const ADDITIVE_DROP = -3.4028234663852886e38;

function fill(
  input: TensorInfo,
  role: InputRole,
  dims: number[],
  rows: TokenRows | null,
  ctx: FillContext,
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
  const floatMask = input.type === 'float32';
  for (let i = 0; i < size; i++) {
    const row = Math.floor(i / seq);
    const col = i % seq;
    // A mask over past + sequence covers the (empty) past first; ids and positions cover the new tokens only.
    const tokenCol = role === 'mask' ? col - ctx.past : col;
    const ids = rows ? rowIds(rows, row, seq) : null;
    const real = ids ? tokenCol < ids.length : true;
    switch (role) {
      case 'ids':
        if (ids) put(data, i, real ? (ids[col] as number) : rows!.padId);
        else put(data, i, Math.floor(next() * (ctx.vocab ?? 100)));
        break;
      case 'mask':
        if (floatMask) put(data, i, ctx.additiveMask ? (real ? 0 : ADDITIVE_DROP) : real ? 1 : 0);
        else put(data, i, real ? 1 : 0);
        break;
      case 'positions':
        put(data, i, ctx.past + col);
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

/** The smallest table an input indexes (its usable id range), or null when the graph shows none. */
function boundOf(facts: GraphFacts, name: string): number | null {
  const uses = facts.tables.get(name);
  return uses?.length ? Math.min(...uses.map((u) => u.rows)) : null;
}

/** Refuses up front what would index past a table: a sequence longer than the position table, ids beyond the vocabulary. */
function checkTables(
  inputs: readonly TensorInfo[],
  roles: readonly InputRole[],
  seq: number,
  rows: TokenRows | null,
  facts: GraphFacts,
): void {
  const pos = facts.positionTable;
  if (pos && seq > pos.rows) {
    throw new InputSynthesisError(
      `the model's position table "${pos.table}" has ${pos.rows} rows, so a sequence of ${seq} tokens runs past it. ` +
        `Set Sequence length to ${pos.rows} or less`,
    );
  }
  if (!rows) return;
  const maxId = Math.max(rows.padId, ...rows.ids.flatMap((r) => r.slice(0, seq)));
  inputs.forEach((input, i) => {
    const bound = roles[i] === 'ids' ? boundOf(facts, input.name) : null;
    if (bound !== null && maxId >= bound) {
      const table = facts.tables.get(input.name)?.find((u) => u.rows === bound)?.table ?? '?';
      throw new InputSynthesisError(
        `the tokenizer gives id ${maxId}, but input "${input.name}" indexes table "${table}" of ${bound} rows: ` +
          `is this the model's own tokenizer?`,
      );
    }
  });
}

/**
 * Plans feeds for a model: `rows` (tokenized code) fill id and mask inputs when given; otherwise ids are drawn below
 * the smallest table the graph shows them indexing, and masks keep every position. Refuses up front, naming the input,
 * what the model cannot take.
 */
export function planFeeds(
  inputs: readonly TensorInfo[],
  seq: number,
  rows: TokenRows | null,
  facts: GraphFacts = NO_FACTS,
  padding: Padding = 'max-length',
): FeedPlan {
  const roles = inputs.map((input) => roleOf(input));
  const fixed = fixedSequence(inputs, roles);
  checkFixedDims(inputs, roles, null, seq);
  checkTables(inputs, roles, seq, rows, facts);
  const past = 0;
  const idInputs = inputs.filter((_, i) => roles[i] === 'ids');
  /** Sequence length of a batch: the cap, or with 'longest' padding the longest (truncated) sample in it. */
  const lengthOf = (batchSize: number): number => {
    if (fixed !== null || !rows || padding === 'max-length') return seq;
    let longest = 1;
    for (let r = 0; r < batchSize; r++) longest = Math.max(longest, (rows.ids[r % rows.ids.length] ?? []).length);
    return Math.min(seq, longest);
  };
  const shapesOf = (batchSize: number): Record<string, number[]> => {
    checkFixedDims(inputs, roles, batchSize, null);
    const names = new Map<string, DimRole>();
    const ctx = { batch: batchSize, sequence: lengthOf(batchSize), past };
    return Object.fromEntries(inputs.map((input, i) => [input.name, resolveDims(input, roles[i] as InputRole, ctx, names)]));
  };
  // Fail now, naming the input, rather than in the middle of a run.
  shapesOf(fixedBatch(inputs) ?? 1);
  return {
    sequenceLength: lengthOf,
    feeds(batchSize) {
      const shapes = shapesOf(batchSize);
      const feeds: HostFeeds = {};
      inputs.forEach((input, i) => {
        const dims = shapes[input.name] as number[];
        const ctx = { vocab: boundOf(facts, input.name), additiveMask: facts.additiveMasks.has(input.name), past };
        feeds[input.name] = { type: input.type, dims, data: fill(input, roles[i] as InputRole, dims, rows, ctx, 1234 + i) };
      });
      return feeds;
    },
    summary(batchSize) {
      const shapes = shapesOf(batchSize);
      const length = lengthOf(batchSize);
      const masks = inputs
        .filter((input) => facts.additiveMasks.has(input.name))
        .map((input) => `${input.name} additive (0 / −inf)`);
      if (!rows) {
        const sizes = idInputs.map((i) => {
          const bound = boundOf(facts, i.name);
          return bound !== null ? `${i.name} < ${bound}` : `${i.name} < 100 (vocabulary not found in the graph)`;
        });
        const notes = [...(sizes.length ? [`ids ${sizes.join(', ')}`] : []), ...masks];
        return {
          kind: 'synthetic',
          padding,
          sequenceLength: length,
          tokensPerSampleMean: length,
          paddingFraction: 0,
          truncatedSamples: 0,
          shapes,
          description: `synthetic inputs from metadata${notes.length ? `; ${notes.join('; ')}` : ''}`,
        };
      }
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
        shapes,
        ...(rows.tokenizeMs !== undefined ? { tokenizeMsPerSample: rows.tokenizeMs / rows.ids.length } : {}),
        description: masks.length ? `${rows.description}; ${masks.join('; ')}` : rows.description,
      };
    },
  };
}

/** The batch size a model's fixed batch axis allows, or null when the batch is free. */
export function fixedBatch(inputs: readonly TensorInfo[]): number | null {
  for (const input of inputs) {
    const b = input.shape[0];
    if (input.shape.length >= 2 && typeof b === 'number' && b >= 0) return b;
  }
  return null;
}

/** The sequence length and batch sizes a run adopts from what the model fixes, with what it changed in words. */
export interface AdoptedDims {
  seq: number;
  batches: number[];
  /** Rows per forward pass while comparing outputs: `chunk`, or the model's fixed batch. */
  chunk: number;
  /** Whether the model fixes its batch (every pass then has exactly `chunk` rows). */
  fixedBatch: boolean;
  notes: string[];
}

/**
 * What the operators lab runs a model at, where the model leaves no choice: a fixed sequence axis or a position table
 * shorter than the asked length sets the sequence; a fixed batch axis (or no variable first axis at all) sets the
 * batch sizes and the comparison's rows per pass. The lab has one model and no per-model settings to send a person
 * to, so it adopts them and says so instead of refusing.
 */
export function adoptFixedDims(
  inputs: readonly TensorInfo[],
  facts: GraphFacts,
  seq: number,
  batches: readonly number[],
  chunk: number,
): AdoptedDims {
  const roles = inputs.map((input) => roleOf(input));
  const notes: string[] = [];
  let s = seq;
  const fixed = fixedSequence(inputs, roles);
  if (fixed !== null && fixed !== seq) {
    s = fixed;
    notes.push(`the model fixes its sequence at ${fixed} tokens, so the lab ran at ${fixed} (asked: ${seq})`);
  } else if (facts.positionTable && seq > facts.positionTable.rows) {
    s = facts.positionTable.rows;
    notes.push(
      `the model's position table "${facts.positionTable.table}" has ${s} rows, so the lab ran at sequence ${s} (asked: ${seq})`,
    );
  }
  const variable = inputs.some(
    (input) => input.shape.length >= 1 && !(typeof input.shape[0] === 'number' && input.shape[0] >= 0),
  );
  const b = fixedBatch(inputs) ?? (inputs.length > 0 && !variable ? 1 : null);
  if (b === null || b <= 0) return { seq: s, batches: [...batches], chunk, fixedBatch: false, notes };
  if (batches.some((x) => x !== b))
    notes.push(`the model fixes its batch at ${b}, so the lab timed batch ${b} only (asked: ${batches.join(', ')})`);
  return { seq: s, batches: [b], chunk: b, fixedBatch: true, notes };
}
