import { describe, expect, it } from 'vitest';
import { DEFAULT_PROTOCOL } from '../shared/run-plan.ts';
import {
  pointCompletion,
  roundOrder,
  runProtocol,
  stopReason,
  visitSize,
  warmUp,
  warmupSettled,
  type Measure,
} from './protocol.ts';
import type { ProtocolProgress } from '../shared/contracts/measurement.ts';
import { MAX_SAMPLES_PER_POINT, MAX_WARMUP_RUNS } from '../shared/sample-caps.ts';
import { analyze } from './analyze.ts';
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
    // Steady device: the first run, then three chunks (each filling about visitMs) that agree.
    expect(raw.warmup.every((w) => w.settled)).toBe(true);
    expect(calls.slice(0, 4).map((c) => c.batchSize)).toEqual([1, 1, 1, 1]);
    expect(calls[0]!.count).toBe(1);
    expect(calls[4]).toEqual({ batchSize: 4, count: 1 });
    expect(raw.warmup[0]!.runsMs).toHaveLength(calls[1]!.count + calls[2]!.count + calls[3]!.count);
    // Latency at batch 1 is about 12 ms, so a chunk filling 150 ms takes 12 or 13 runs.
    expect([12, 13]).toContain(calls[2]!.count);
  });

  it('keeps warming up while latency falls, up to the warm-up limit', async () => {
    // Latency halves over the first runs, as when a WASM engine tiers code up, then stays flat.
    let run = 0;
    const tiering: Measure = async (_b, count) => Float64Array.from({ length: count }, () => 10 + 10 * 0.7 ** run++);
    const w = await warmUp(tiering, 1, DEFAULT_PROTOCOL);
    expect(w.settled).toBe(true);
    expect(Math.min(...w.runsMs.slice(-3))).toBeLessThan(10.5);
    const never: Measure = async (_b, count) => Float64Array.from({ length: count }, () => 100 * (1 + (run++ % 2)));
    const capped = await warmUp(never, 1, { ...DEFAULT_PROTOCOL, warmupRuns: 1, warmupMaxMs: 1000 });
    expect(capped.settled).toBe(false);
  });

  it('does not call a warm-up settled while its chunk medians still fall, however close together', () => {
    // Within the 10% spread, but each chunk faster than the last by 4% in all: compilation still finishing.
    expect(warmupSettled([10, 9.8, 9.6])).toBe(false);
    // Falling by less than 2% in all is noise.
    expect(warmupSettled([10, 9.95, 9.9])).toBe(true);
    // Not monotone: settled.
    expect(warmupSettled([10, 9.6, 9.8])).toBe(true);
    expect(warmupSettled([9.6, 9.6, 9.6])).toBe(true);
    // Too far apart, or too few chunks.
    expect(warmupSettled([11, 10, 10])).toBe(false);
    expect(warmupSettled([10, 10])).toBe(false);
  });

  it('warms up past a slow fall that the spread alone would accept', async () => {
    // Chunk medians fall 1.5% a chunk for 8 chunks, then stay: the spread rule alone stops at the third chunk.
    let chunk = 0;
    const slowly: Measure = async (_b, count) => new Float64Array(count).fill(10 * 0.985 ** Math.min(8, chunk++));
    const w = await warmUp(slowly, 1, { ...DEFAULT_PROTOCOL, warmupMaxMs: 600000 });
    expect(w.settled).toBe(true);
    expect(chunk).toBeGreaterThan(8);
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

  it('a model faster than the timer stops at the sample cap, and its warm-up at the run cap', async () => {
    // Runs of 0.1 or 0.2 ms (a timer ticking every 0.1 ms): the median's interval spans a whole tick, so no target
    // is reached before the 10 s time cap, by which time 66,000 samples would exceed what a result may hold.
    let run = 0;
    const ticking: Measure = async (_b, count) => Float64Array.from({ length: count }, () => (run++ % 2 ? 0.1 : 0.2));
    const raw = await runProtocol(ticking, [1, 2], DEFAULT_PROTOCOL);
    for (const p of raw.points) {
      expect(p.stoppedBy).toBe('sample-cap');
      expect(p.samplesMs).toHaveLength(MAX_SAMPLES_PER_POINT);
    }
    expect(analyze(raw).notes.join(' ')).toContain('sample cap (20000 samples) reached before the target interval at batch 1, 2');
    // Chunk medians that never agree: the warm-up stops at MAX_WARMUP_RUNS runs, unsettled.
    let chunk = 0;
    const swinging: Measure = async (_b, count) => new Float64Array(count).fill(chunk++ % 2 ? 0.1 : 0.3);
    const w = await warmUp(swinging, 1, { ...DEFAULT_PROTOCOL, warmupMaxMs: 600000 });
    expect(w.settled).toBe(false);
    expect(w.runsMs).toHaveLength(MAX_WARMUP_RUNS);
  });

  it('interleaves batch sizes across rounds, alternating direction', async () => {
    const { measure, calls } = fakeDevice(0.3);
    await runProtocol(measure, [1, 2, 4], { ...DEFAULT_PROTOCOL, warmupRuns: 0 });
    const sampling = calls.slice(3).map((c) => c.batchSize);
    expect(sampling.slice(0, 6)).toEqual([1, 2, 4, 4, 2, 1]);
    expect(roundOrder([1, 2, 4], 1)).toEqual([4, 2, 1]);
  });

  it('measures a drifting batch size again and keeps the first pass apart', async () => {
    // Batch 1 runs at 30 ms for its first 12 runs (a device still settling), then at 10 ms: its first pass ends on
    // target while still slow, and only the closing visit shows the drift.
    let runs = 0;
    const settling: Measure = async (b, count) =>
      Float64Array.from({ length: count }, () => (b === 1 && runs++ < 12 ? 30 : 10) * (1 + (runs % 5) * 0.002));
    const raw = await runProtocol(settling, [1, 2], { ...DEFAULT_PROTOCOL, warmupRuns: 0 });
    const [p1, p2] = raw.points;
    expect(p1!.discardedMs.length).toBeGreaterThan(0);
    expect(Math.max(...p1!.samplesMs)).toBeLessThan(11);
    expect(p2!.discardedMs).toEqual([]);
  });

  it('every size that ends on target has its final interval within the target', async () => {
    const { measure } = fakeDevice(0.3);
    const raw = await runProtocol(measure, [1, 2, 4, 8], DEFAULT_PROTOCOL);
    for (const p of raw.points.filter((x) => x.stoppedBy === 'target')) {
      expect(stopReason(p.samplesMs, DEFAULT_PROTOCOL)).toBe('target');
    }
  });

  it('honours an abort signal between runs', async () => {
    const { measure } = fakeDevice(0.02);
    const controller = new AbortController();
    controller.abort(new Error('cancelled by user'));
    await expect(runProtocol(measure, [1], DEFAULT_PROTOCOL, () => {}, { signal: controller.signal })).rejects.toThrow(
      'cancelled by user',
    );
  });

  it('a lost device ends the run with the batch sizes already measured; none measured is an error', async () => {
    // Batch 8 is slow (one 400 ms run per visit) and reaches the time cap long before batch 1 does.
    const random = mulberry32(9);
    let lost = false;
    let finishedSeen = 0;
    const lostError = Object.assign(new Error('the GPU device was lost'), { name: 'DeviceLostError' });
    const measure: Measure = async (batchSize, count) => {
      if (lost) throw lostError;
      return Float64Array.from({ length: count }, () => (batchSize === 8 ? 400 : 10) * (1 + (random() - 0.5) * 0.5));
    };
    const settings = { ...DEFAULT_PROTOCOL, targetRelCi: 0.001 };
    const raw = await runProtocol(
      measure,
      [1, 8],
      settings,
      (p) => {
        if (p.finished > finishedSeen) lost = true;
        finishedSeen = p.finished;
      },
      { interruptedBy: (err) => (err as Error).name === 'DeviceLostError' },
    );
    expect(raw.points.map((p) => p.batchSize)).toEqual([8]);
    expect(raw.points[0]!.stoppedBy).toBe('time-cap');
    expect(raw.interrupted).toEqual({ batchSize: 1, reason: 'the GPU device was lost' });
    // Without the option, or before any batch size is done, the loss is an error.
    lost = false;
    await expect(runProtocol(measure, [1, 8], settings, (p) => void (p.phase === 'sampling' && (lost = true)))).rejects.toThrow(
      'the GPU device was lost',
    );
    lost = false;
    await expect(
      runProtocol(measure, [1, 8], settings, (p) => void (p.phase === 'sampling' && (lost = true)), {
        interruptedBy: () => true,
      }),
    ).rejects.toThrow('the GPU device was lost');
  });

  it('starts no visit while the page is still painting a progress update (quiet measurement)', async () => {
    const { measure } = fakeDevice(0.05);
    const events: string[] = [];
    let painting = false;
    let overlaps = 0;
    const timed: typeof measure = async (b, n) => {
      if (painting) overlaps++;
      events.push('visit');
      return measure(b, n);
    };
    await runProtocol(timed, [1, 2, 4], DEFAULT_PROTOCOL, async () => {
      painting = true;
      events.push('progress');
      await new Promise((r) => setTimeout(r, 1));
      painting = false;
    });
    expect(events.filter((e) => e === 'progress').length).toBeGreaterThan(3);
    expect(overlaps).toBe(0);
  });

  it('reports progress that only reaches 1 when every batch size has ended', async () => {
    const { measure } = fakeDevice(0.05);
    const seen: ProtocolProgress[] = [];
    await runProtocol(measure, [1, 2], DEFAULT_PROTOCOL, (p) => {
      seen.push(p);
    });
    const sampling = seen.filter((p) => p.phase === 'sampling');
    expect(sampling.at(-1)!.fraction).toBe(1);
    expect(sampling.slice(0, -1).every((p) => p.fraction < 1)).toBe(true);
    expect(sampling.at(-1)!.live.every((l) => l.done && l.medianMs !== null)).toBe(true);
    expect(seen[0]!.live.map((l) => l.medianMs)).toEqual([null, null]);
  });

  it('estimates completion from time and from how far the interval is from its target', () => {
    expect(pointCompletion(5000, Infinity, DEFAULT_PROTOCOL)).toBeCloseTo(0.5, 12);
    expect(pointCompletion(100, 0.1, DEFAULT_PROTOCOL)).toBeCloseTo(0.25, 12);
    expect(pointCompletion(100, 0.01, DEFAULT_PROTOCOL)).toBe(0.95);
  });

  it('sizes visits from the latency seen so far', () => {
    expect(visitSize([], DEFAULT_PROTOCOL)).toBe(3);
    expect(visitSize([10, 10, 10], DEFAULT_PROTOCOL)).toBe(15);
    expect(visitSize([10000], DEFAULT_PROTOCOL)).toBe(1);
    expect(visitSize([0.001], DEFAULT_PROTOCOL)).toBe(50);
    expect(visitSize(Array(MAX_SAMPLES_PER_POINT - 7).fill(0.001), DEFAULT_PROTOCOL)).toBe(7);
    expect(visitSize(Array(MAX_SAMPLES_PER_POINT).fill(0.001), DEFAULT_PROTOCOL)).toBe(0);
  });

  it('stop rule needs minimum samples and time', () => {
    expect(stopReason([10, 10, 10, 10], DEFAULT_PROTOCOL)).toBeNull();
    expect(stopReason(Array(40).fill(10), DEFAULT_PROTOCOL)).toBe('target');
    expect(stopReason([20000], DEFAULT_PROTOCOL)).toBe('time-cap');
  });

  it("keeps each sample's time to first token beside it when the runtime reports one", async () => {
    const random = mulberry32(7);
    const measure: Measure = async (batchSize, count) => {
      const totalMs = Float64Array.from({ length: count }, () => (20 + 4 * batchSize) * (1 + (random() - 0.5) * 0.02));
      return { totalMs, firstTokenMs: totalMs.map((t) => t / 4) };
    };
    const raw = await runProtocol(measure, [1, 2], DEFAULT_PROTOCOL);
    for (const p of raw.points) {
      expect(p.firstTokenMs).toHaveLength(p.samplesMs.length);
      p.samplesMs.forEach((t, i) => expect(p.firstTokenMs[i]).toBeCloseTo(t / 4, 9));
    }
  });
});
