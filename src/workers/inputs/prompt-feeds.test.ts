import { describe, expect, it } from 'vitest';
import { promptBatch } from './prompt-feeds.ts';

const rows = {
  ids: [
    [5, 6, 7],
    [8, 9],
    [1, 2, 3, 4, 5],
  ],
  padId: 0,
  tokenizeMs: 6,
  description: 'three prompts',
};

describe('prompt batches for generation', () => {
  it('batch_size=1: one prompt, no padding', () => {
    const b = promptBatch(rows, 1, 64);
    expect(Array.from(b.feeds.input_ids!.data as BigInt64Array).map(Number)).toEqual([5, 6, 7]);
    expect(b.feeds.attention_mask!.dims).toEqual([1, 3]);
    expect(b.summary.paddingFraction).toBe(0);
    expect(b.summary.tokenizeMsPerSample).toBe(2);
  });

  it('batch_size>1: pads on the left to the longest prompt and masks the padding', () => {
    const b = promptBatch(rows, 2, 64);
    expect(b.feeds.input_ids!.dims).toEqual([2, 3]);
    expect(Array.from(b.feeds.input_ids!.data as BigInt64Array).map(Number)).toEqual([5, 6, 7, 0, 8, 9]);
    expect(Array.from(b.feeds.attention_mask!.data as BigInt64Array).map(Number)).toEqual([1, 1, 1, 0, 1, 1]);
    expect(b.summary.tokensPerSampleMean).toBe(2.5);
    expect(b.summary.paddingFraction).toBeCloseTo(1 / 6, 12);
  });

  it('cycles through the prompts and keeps the end of a prompt longer than the cap', () => {
    const b = promptBatch(rows, 4, 4);
    expect(b.feeds.input_ids!.dims).toEqual([4, 4]);
    const ids = Array.from(b.feeds.input_ids!.data as BigInt64Array).map(Number);
    expect(ids.slice(8, 12)).toEqual([2, 3, 4, 5]);
    expect(ids.slice(12, 16)).toEqual([0, 5, 6, 7]);
    expect(b.summary.truncatedSamples).toBe(1);
  });

  it('refuses an empty prompt set', () => {
    expect(() => promptBatch({ ...rows, ids: [] }, 1, 8)).toThrow(/no prompts/);
  });
});
