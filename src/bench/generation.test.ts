import { describe, expect, it } from 'vitest';
import { generationPoint, perTokenDecodeMs } from './generation.ts';

describe('generation statistics', () => {
  it('per-token decode time is the time after the first token over the remaining tokens', () => {
    // 16 tokens: ttft 40 ms, then 15 steps of 4 ms = 100 ms in all.
    expect(perTokenDecodeMs([100, 130], [40, 40], 16)).toEqual([4, 6]);
  });

  it('refuses mismatched samples and fewer than two tokens', () => {
    expect(() => perTokenDecodeMs([1, 2], [1], 4)).toThrow(/2 totals but 1/);
    expect(() => perTokenDecodeMs([1], [1], 1)).toThrow(/at least 2/);
  });

  it('rates follow from the medians: batch 4, 8 tokens, 10 ms per step, 80 ms total', () => {
    const totals = [80, 80, 80, 80, 80];
    const ttft = [10, 10, 10, 10, 10];
    const g = generationPoint(4, totals, ttft, 8);
    expect(g.ttft.median).toBe(10);
    expect(g.perTokenMs.median).toBe(10); // (80 - 10) / 7
    expect(g.decodeTokensPerSecond).toBe(400); // 4 sequences x 100 steps/s
    expect(g.tokensPerSecond).toBe(400); // 32 tokens in 80 ms
    expect(g.decodeTokensPerSecondCi).toEqual({ lo: 400, hi: 400 });
    expect(g.ttftSamplesMs).toEqual(ttft);
  });

  it('the token-rate interval brackets its median with ends swapped from the per-token interval', () => {
    const totals = Array.from({ length: 40 }, (_, i) => 100 + (i % 7) * 3);
    const ttft = totals.map((_, i) => 20 + (i % 3));
    const g = generationPoint(2, totals, ttft, 16);
    expect(g.decodeTokensPerSecondCi.lo).toBeLessThanOrEqual(g.decodeTokensPerSecond);
    expect(g.decodeTokensPerSecondCi.hi).toBeGreaterThanOrEqual(g.decodeTokensPerSecond);
    expect(g.decodeTokensPerSecondCi.lo).toBeCloseTo((2 * 1000) / g.perTokenMs.ci95.hi, 9);
  });
});
