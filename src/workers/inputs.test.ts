import { describe, expect, it } from 'vitest';
import type { TensorInfo } from '../shared/run-result.ts';
import { planFeeds, resolveDims } from './inputs.ts';

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
    const plan = planFeeds(bert, 5, rows, new Map());
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
    const plan = planFeeds(bert.slice(0, 2), 8, rows, new Map(), 'longest');
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
    const plan = planFeeds(bert.slice(0, 2), 64, null, new Map([['input_ids', 30]]));
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
    const f = planFeeds(inputs, 16, null, new Map()).feeds(2);
    expect(f.pixel_values!.dims).toEqual([2, 3, 8, 8]);
    expect(f.use_cache_branch!.dims).toEqual([1]);
  });

  it('names the input it cannot fill', () => {
    expect(() => resolveDims({ name: 'past_key_values.0.key', type: 'float32', shape: ['b', 4, 'past', 'x'] }, 1, 8)).toThrow(
      /"past_key_values\.0\.key" has a third dynamic dimension \("x" at axis 3\)/,
    );
    expect(() => planFeeds([{ name: 'text', type: 'string', shape: ['b'] }], 8, null, new Map())).toThrow(
      /"text" has element type string/,
    );
  });
});
