import { describe, expect, it } from 'vitest';
import { DEFAULT_PROTOCOL } from '../shared/run-plan.ts';
import { roundOrder, runProtocol, stopReason, visitSize, type Measure } from './protocol.ts';
import { mulberry32 } from './bootstrap.ts';

/** Fake device: latency 10 + 2 x batch ms with relative noise `jitter`, recording the order of calls. */
function fakeDevice(jitter: number) {
  const random = mulberry32(42);
  const calls: { batchSize: number; count: number }[] = [];
  const measure: Measure = async (batchSize, count) => {
    calls.push({ batchSize, count });
    return Float64Array.from({ length: count }, () => (10 + 2 * batchSize) * (1 + (random() - 0.5) * jitter));
  };
  return { measure, calls };
}

describe('sampling protocol', () => {
  it('warms every batch size up first, separately from the samples', async () => {
    const { measure, calls } = fakeDevice(0.02);
    const raw = await runProtocol(measure, [1, 4], DEFAULT_PROTOCOL);
    expect(raw.warmup.map((w) => w.batchSize)).toEqual([1, 4]);
    expect(raw.warmup[0]!.runsMs).toHaveLength(DEFAULT_PROTOCOL.warmupRuns);
    expect(calls.slice(0, 4)).toEqual([
      { batchSize: 1, count: 1 },
      { batchSize: 1, count: 3 },
      { batchSize: 4, count: 1 },
      { batchSize: 4, count: 3 },
    ]);
  });

  it('stops on the target interval with at least the minimum samples and time', async () => {
    const { measure } = fakeDevice(0.02);
    const raw = await runProtocol(measure, [1, 2, 4, 8], DEFAULT_PROTOCOL);
    for (const p of raw.points) {
      expect(p.stoppedBy).toBe('target');
      expect(p.samplesMs.length).toBeGreaterThanOrEqual(DEFAULT_PROTOCOL.minSamples);
      expect(p.samplesMs.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(DEFAULT_PROTOCOL.minTimeMs);
      expect(p.visits.flat()).toEqual(p.samplesMs);
    }
  });

  it('stops on the time cap when the noise is too large for the target', async () => {
    const { measure } = fakeDevice(1.9);
    const settings = { ...DEFAULT_PROTOCOL, targetRelCi: 0.002, maxTimeMs: 2000 };
    const raw = await runProtocol(measure, [1, 2], settings);
    expect(raw.points.every((p) => p.stoppedBy === 'time-cap')).toBe(true);
  });

  it('interleaves batch sizes across rounds, alternating direction', async () => {
    const { measure, calls } = fakeDevice(0.3);
    await runProtocol(measure, [1, 2, 4], { ...DEFAULT_PROTOCOL, warmupRuns: 0 });
    const sampling = calls.slice(3).map((c) => c.batchSize);
    expect(sampling.slice(0, 6)).toEqual([1, 2, 4, 4, 2, 1]);
    expect(roundOrder([1, 2, 4], 1)).toEqual([4, 2, 1]);
  });

  it('honours an abort signal between runs', async () => {
    const { measure } = fakeDevice(0.02);
    const controller = new AbortController();
    controller.abort(new Error('cancelled by user'));
    await expect(runProtocol(measure, [1], DEFAULT_PROTOCOL, () => {}, controller.signal)).rejects.toThrow('cancelled by user');
  });

  it('sizes visits from the latency seen so far', () => {
    expect(visitSize([], DEFAULT_PROTOCOL)).toBe(3);
    expect(visitSize([10, 10, 10], DEFAULT_PROTOCOL)).toBe(15);
    expect(visitSize([10000], DEFAULT_PROTOCOL)).toBe(1);
    expect(visitSize([0.001], DEFAULT_PROTOCOL)).toBe(50);
  });

  it('stop rule needs minimum samples and time', () => {
    expect(stopReason([10, 10, 10, 10], DEFAULT_PROTOCOL)).toBeNull();
    expect(stopReason(Array(40).fill(10), DEFAULT_PROTOCOL)).toBe('target');
    expect(stopReason([20000], DEFAULT_PROTOCOL)).toBe('time-cap');
  });
});
