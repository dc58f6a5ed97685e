import { describe, expect, it } from 'vitest';
import { CHROME_LINUX_UA, sampleAdapter, sampleResult } from './testing/sample-result.ts';
import { excludesFromAggregates } from '../shared/validity.ts';
import { medianAbsoluteDeviation, minimumFlops, PLAUSIBLE_FLOPS, validityFlags, type FlagContext } from './validity-flags.ts';

const CHROME_LINUX = CHROME_LINUX_UA;
const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1';

function honest() {
  const r = sampleResult();
  r.environment.userAgent = CHROME_LINUX;
  return r;
}
const ctx = (over: Partial<FlagContext> = {}): FlagContext => ({
  parameters: 1_000_000,
  requestUserAgent: CHROME_LINUX,
  ...over,
});

describe('validity flags derived from evidence', () => {
  it('a clean result has none', () => {
    expect(validityFlags(honest(), ctx())).toEqual([]);
  });

  it('ignores the client’s booleans where evidence exists, and believes only self-incriminating reports', () => {
    const r = honest();
    // Claims of trouble that the evidence contradicts raise nothing...
    r.flags = { ...r.flags, drift: true, fallbackAdapter: true, providerFallback: true };
    expect(validityFlags(r, ctx())).toEqual([]);
    // ...and denials do not hide what the evidence shows.
    r.flags = { ...r.flags, drift: false, fallbackAdapter: false, providerFallback: false };
    r.environment.requestedProvider = 'webgpu';
    r.environment.executionProvider = 'webgpu';
    r.environment.adapter = sampleAdapter();
    expect(validityFlags(r, ctx())).toContain('fallbackAdapter');
    r.environment.executionProvider = 'wasm';
    expect(validityFlags(r, ctx())).toContain('providerFallback');
    const hidden = honest();
    hidden.flags.backgrounded = true;
    expect(validityFlags(hidden, ctx())).toEqual(['backgrounded']);
  });

  it('drift from the samples: a step in the sequence is drift whatever the client says', () => {
    const r = honest();
    const p = r.points[0]!;
    p.samplesMs = [
      ...Array(20)
        .fill(0)
        .map((_, i) => 5 + (i % 3) * 0.01),
      ...Array(20)
        .fill(0)
        .map((_, i) => 8 + (i % 3) * 0.01),
    ];
    expect(validityFlags(r, ctx())).toContain('drift');
  });

  it('a missing batch size is a lost device', () => {
    const r = honest();
    r.points = r.points.slice(0, 1);
    expect(validityFlags(r, ctx())).toContain('deviceLost');
  });

  it('zero variance is robust to one odd sample (MAD), and a coarse timer is caught', () => {
    const r = honest();
    r.points[0]!.samplesMs = [5, 5, 5, 5, 5, 5, 5, 5, 5, 7];
    expect(medianAbsoluteDeviation(r.points[0]!.samplesMs)).toBe(0);
    expect(validityFlags(r, ctx())).toContain('zeroVariance');
    r.points[0]!.samplesMs = [5, 5.02, 4.98, 5.01, 4.99, 5.03];
    expect(validityFlags(r, ctx())).not.toContain('zeroVariance');
  });

  it("implausible speed from the plan's work (newTokens for generators, seq for padded encoders), not the client's length", () => {
    const r = honest();
    r.inputs.sequenceLength = 1;
    const fastest = Math.min(...r.points.map((p) => p.stats.median / 1000 / minimumFlops(r, 1, p.batchSize)));
    const atLimit = PLAUSIBLE_FLOPS * fastest;
    expect(validityFlags(r, ctx({ parameters: Math.floor(atLimit * 0.99) }))).not.toContain('implausibleSpeed');
    expect(validityFlags(r, ctx({ parameters: Math.ceil(atLimit * 1.5) }))).toContain('implausibleSpeed');
    expect(minimumFlops(r, 10, 2)).toBe(2 * 10 * r.plan.seq * 2);
    const gen = honest();
    gen.plan = { ...gen.plan, generation: { newTokens: 16, decoding: 'greedy' } };
    expect(minimumFlops(gen, 10, 2)).toBe(2 * 10 * 16 * 2);
    // With the model's own tokenizer: the shortest prompt is prefilled, then 15 more positions.
    const tokens = { snippetTokens: 7, promptTokens: 20 };
    expect(minimumFlops(gen, 10, 2, tokens)).toBe(2 * 10 * (20 + 15) * 2);
    const longest = honest();
    longest.plan = { ...longest.plan, padding: 'longest' };
    expect(minimumFlops(longest, 10, 2)).toBe(2 * 10 * 1 * 2);
    expect(minimumFlops(longest, 10, 2, tokens)).toBe(2 * 10 * 7 * 2);
    expect(validityFlags(longest, ctx({ parameters: 1e12, tokens }))).toContain('implausibleSpeed');
  });

  it('device class contradictions: an iPhone result sent by curl', () => {
    const r = honest();
    r.environment.userAgent = IPHONE;
    expect(validityFlags(r, ctx({ requestUserAgent: 'curl/8.5.0' }))).toContain('deviceMismatch');
    expect(validityFlags(r, ctx({ requestUserAgent: IPHONE }))).not.toContain('deviceMismatch');
  });

  it('interval not reached and single thread are informational: they do not keep a result out of aggregates', () => {
    const r = honest();
    r.points[0]!.stats.relCiHalfWidth = 0.2;
    r.environment.threads = 1;
    r.environment.threadsRequested = 0;
    const flags = validityFlags(r, ctx());
    expect(flags).toEqual(['ciNotReached', 'singleThreaded']);
    expect(excludesFromAggregates(flags)).toBe(false);
    expect(excludesFromAggregates([...flags, 'drift'])).toBe(true);
  });
});
