import { describe, expect, it } from 'vitest';
import type { TensorInfo } from '../../shared/run-result.ts';
import { NO_FACTS, type GraphFacts } from './graph-facts.ts';
import { adoptFixedDims, planFeeds } from './inputs.ts';

const bert: TensorInfo[] = [
  { name: 'input_ids', type: 'int64', shape: ['batch_size', 'sequence_length'] },
  { name: 'attention_mask', type: 'int64', shape: ['batch_size', 'sequence_length'] },
  { name: 'token_type_ids', type: 'int64', shape: ['batch_size', 'sequence_length'] },
];

describe('feeds from input metadata', () => {
  it('fills ids and mask from token rows, padding and truncating to the sequence length', () => {
    const rows = {
      ids: [
        [2, 10, 11, 3],
        [2, 12, 13, 14, 15, 16, 3],
      ],
      padId: 0,
      description: 'test rows',
    };
    const plan = planFeeds(bert, 5, rows, NO_FACTS);
    const f = plan.feeds(3);
    expect(f.input_ids!.dims).toEqual([3, 5]);
    expect(Array.from(f.input_ids!.data as BigInt64Array, Number)).toEqual([2, 10, 11, 3, 0, 2, 12, 13, 14, 15, 2, 10, 11, 3, 0]);
    expect(Array.from(f.attention_mask!.data as BigInt64Array, Number)).toEqual([1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0]);
    expect(Array.from(f.token_type_ids!.data as BigInt64Array, Number).every((x) => x === 0)).toBe(true);
    const s = plan.summary(3);
    expect(s.kind).toBe('tokenized');
    expect(s.tokensPerSampleMean).toBeCloseTo(13 / 3, 12);
    expect(s.paddingFraction).toBeCloseTo(2 / 15, 12);
    expect(s.truncatedSamples).toBe(1);
  });

  it("with 'longest' padding, a batch is as long as its longest sample (capped)", () => {
    const rows = {
      ids: [
        [2, 10, 3],
        [2, 12, 13, 14, 3],
        [2, 1, 2, 3, 4, 5, 6, 7, 3],
      ],
      padId: 0,
      description: 'test rows',
    };
    const plan = planFeeds(bert.slice(0, 2), 8, rows, NO_FACTS, 'longest');
    expect(plan.sequenceLength(1)).toBe(3);
    expect(plan.sequenceLength(2)).toBe(5);
    expect(plan.sequenceLength(3)).toBe(8);
    expect(plan.feeds(2).input_ids!.dims).toEqual([2, 5]);
    const s = plan.summary(2);
    expect(s).toMatchObject({ padding: 'longest', sequenceLength: 5, tokensPerSampleMean: 4, truncatedSamples: 0 });
    expect(s.paddingFraction).toBeCloseTo(2 / 10, 12);
    expect(plan.summary(3).truncatedSamples).toBe(1);
  });

  it('synthesizes ids below the vocabulary the graph shows', () => {
    const plan = planFeeds(bert.slice(0, 2), 64, null, {
      ...NO_FACTS,
      tables: new Map([['input_ids', [{ table: 'emb', rows: 30 }]]]),
    });
    const ids = Array.from(plan.feeds(4).input_ids!.data as BigInt64Array, Number);
    expect(ids).toHaveLength(256);
    expect(Math.max(...ids)).toBeLessThan(30);
    expect(Math.min(...ids)).toBeGreaterThanOrEqual(0);
    expect(plan.summary(4).description).toMatch(/input_ids < 30/);
  });

  it('fills float inputs, fixed dims and bool flags', () => {
    const inputs: TensorInfo[] = [
      { name: 'pixel_values', type: 'float32', shape: ['batch', 3, 8, 8] },
      { name: 'use_cache_branch', type: 'bool', shape: [1] },
    ];
    const f = planFeeds(inputs, 16, null, NO_FACTS).feeds(2);
    expect(f.pixel_values!.dims).toEqual([2, 3, 8, 8]);
    expect(f.use_cache_branch!.dims).toEqual([1]);
  });

  it('names the input it cannot fill', () => {
    const past: TensorInfo = { name: 'past_key_values.0.key', type: 'float32', shape: ['b', 4, 'past', 'x'] };
    expect(() => planFeeds([past], 8, null)).toThrow(/"past_key_values\.0\.key" has a dimension "x" at axis 3/);
    expect(() => planFeeds([{ name: 'text', type: 'string', shape: ['b'] }], 8, null, NO_FACTS)).toThrow(
      /"text" has element type string/,
    );
  });
});

describe('shapes by role', () => {
  const kv: TensorInfo[] = [
    { name: 'input_ids', type: 'int64', shape: ['batch_size', 'sequence_length'] },
    { name: 'attention_mask', type: 'int64', shape: ['batch_size', 'total_sequence_length'] },
    { name: 'position_ids', type: 'int64', shape: ['batch_size', 'sequence_length'] },
    { name: 'past_key_values.0.key', type: 'float32', shape: ['batch_size', 2, 'past_sequence_length', 4] },
    { name: 'past_key_values.0.value', type: 'float16', shape: ['batch_size', 2, 'past_sequence_length', 4] },
  ];

  it('gives a KV-cache decoder an empty past, a mask over past + sequence and generated positions', () => {
    const plan = planFeeds(kv, 6, null);
    const f = plan.feeds(3);
    expect(f.input_ids!.dims).toEqual([3, 6]);
    expect(f['attention_mask']!.dims).toEqual([3, 6]);
    expect(f['past_key_values.0.key']!.dims).toEqual([3, 2, 0, 4]);
    expect(f['past_key_values.0.value']!.data).toBeInstanceOf(Uint16Array);
    expect(Array.from(f.position_ids!.data as BigInt64Array, Number).slice(0, 7)).toEqual([0, 1, 2, 3, 4, 5, 0]);
    expect(plan.summary(3).shapes).toEqual({
      input_ids: [3, 6],
      attention_mask: [3, 6],
      position_ids: [3, 6],
      'past_key_values.0.key': [3, 2, 0, 4],
      'past_key_values.0.value': [3, 2, 0, 4],
    });
  });

  it('honours a fixed batch and refuses other batch sizes, naming the input', () => {
    const plan = planFeeds([{ name: 'input_ids', type: 'int64', shape: [1, 'sequence'] }], 4, null);
    expect(plan.feeds(1).input_ids!.dims).toEqual([1, 4]);
    expect(() => plan.feeds(2)).toThrow(
      /"input_ids" has shape \[1, sequence\]: its batch axis is fixed at 1.*Set Batch sizes to 1/,
    );
    expect(() => plan.summary(4)).toThrow(/batch axis is fixed at 1/);
  });

  it('refuses a sequence length the model fixes otherwise, and records the fixed one it runs', () => {
    const inputs: TensorInfo[] = [{ name: 'input_ids', type: 'int32', shape: ['N', 7] }];
    expect(() => planFeeds(inputs, 128, null)).toThrow(
      /"input_ids" has shape \[N, 7\]: .*fixed at 7 tokens.*Set Sequence length to 7/,
    );
    const plan = planFeeds(inputs, 7, null);
    expect(plan.feeds(2).input_ids!.data).toBeInstanceOf(Int32Array);
    expect(plan.summary(2)).toMatchObject({ sequenceLength: 7, tokensPerSampleMean: 7, shapes: { input_ids: [2, 7] } });
  });

  it('refuses a sequence longer than the position table and keeps ids inside every table', () => {
    const facts: GraphFacts = {
      tables: new Map([
        [
          'input_ids',
          [
            { table: 'big', rows: 500 },
            { table: 'small', rows: 20 },
          ],
        ],
      ]),
      positionTable: { table: 'pos', rows: 64 },
      additiveMasks: new Set(),
    };
    const ids: TensorInfo[] = [{ name: 'input_ids', type: 'int64', shape: ['b', 's'] }];
    expect(() => planFeeds(ids, 128, null, facts)).toThrow(/position table "pos" has 64 rows.*Set Sequence length to 64 or less/);
    const data = Array.from(planFeeds(ids, 64, null, facts).feeds(8).input_ids!.data as BigInt64Array, Number);
    expect(Math.max(...data)).toBeLessThan(20);
    const rows = { ids: [[1, 30, 2]], padId: 0, description: 'wrong tokenizer' };
    expect(() => planFeeds(ids, 64, rows, facts)).toThrow(
      /tokenizer gives id 30, but input "input_ids" indexes table "small" of 20 rows/,
    );
  });

  it('fills float masks with 1/0, or 0/−inf where the graph adds them to scores', () => {
    const inputs: TensorInfo[] = [
      { name: 'input_ids', type: 'int64', shape: ['b', 's'] },
      { name: 'attention_mask', type: 'float32', shape: ['b', 's'] },
    ];
    const rows = { ids: [[5, 6, 7], [5]], padId: 0, description: 'rows' };
    const mult = planFeeds(inputs, 3, rows).feeds(2).attention_mask!.data;
    expect(Array.from(mult as Float32Array)).toEqual([1, 1, 1, 1, 0, 0]);
    const additive = planFeeds(inputs, 3, rows, { ...NO_FACTS, additiveMasks: new Set(['attention_mask']) });
    const data = Array.from(additive.feeds(2).attention_mask!.data as Float32Array);
    expect(data.slice(0, 4)).toEqual([0, 0, 0, 0]);
    expect(data[4]).toBeLessThan(-1e38);
    expect(additive.summary(2).description).toContain('attention_mask additive');
  });
});

describe('what the operators lab adopts from a model', () => {
  it('a free model keeps the settings', () => {
    expect(adoptFixedDims(bert, NO_FACTS, 64, [1, 8], 8)).toEqual({
      seq: 64,
      batches: [1, 8],
      chunk: 8,
      fixedBatch: false,
      notes: [],
    });
  });

  it('a fixed sequence of 7 is adopted (the lab has no setting that could name 7), and said', () => {
    const fixed: TensorInfo[] = [
      { name: 'input_ids', type: 'int64', shape: ['N', 7] },
      { name: 'attention_mask', type: 'int64', shape: ['N', 7] },
    ];
    const a = adoptFixedDims(fixed, NO_FACTS, 64, [1, 8], 8);
    expect(a.seq).toBe(7);
    expect(a.batches).toEqual([1, 8]);
    expect(a.notes).toEqual(['the model fixes its sequence at 7 tokens, so the lab ran at 7 (asked: 64)']);
    // And the plan then accepts it, where the asked length is refused.
    expect(() => planFeeds(fixed, 64, null)).toThrow(/Set Sequence length to 7/);
    expect(planFeeds(fixed, a.seq, null).feeds(2).input_ids!.dims).toEqual([2, 7]);
  });

  it('a short position table caps the sequence', () => {
    const facts: GraphFacts = { ...NO_FACTS, positionTable: { table: 'wpe', rows: 8 } };
    const ids: TensorInfo[] = [{ name: 'input_ids', type: 'int64', shape: ['b', 's'] }];
    const a = adoptFixedDims(ids, facts, 64, [1], 8);
    expect(a.seq).toBe(8);
    expect(a.notes[0]).toMatch(/position table "wpe" has 8 rows, so the lab ran at sequence 8/);
  });

  it('a fixed batch, or an input "0" of shape [1, 4], times batch 1 only and compares one row a pass', () => {
    const unnamed: TensorInfo[] = [{ name: '0', type: 'int64', shape: [1, 4] }];
    const a = adoptFixedDims(unnamed, NO_FACTS, 64, [1, 8], 8);
    expect(a).toMatchObject({ batches: [1], chunk: 1, fixedBatch: true });
    expect(a.notes).toContain('the model fixes its batch at 1, so the lab timed batch 1 only (asked: 1, 8)');
  });
});
