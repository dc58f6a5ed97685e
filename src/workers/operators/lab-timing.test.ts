import { describe, expect, it } from 'vitest';
import { analyze } from '../../bench/analyze.ts';
import { runProtocol } from '../../bench/protocol.ts';
import { DEFAULT_PLAN } from '../../shared/run-plan.ts';
import { timeInterleaved, type Timeable } from './lab-timing.ts';

const protocol = { ...DEFAULT_PLAN.protocol, minSamples: 10, minTimeMs: 300, maxTimeMs: 3000, targetRelCi: 0.1 };

/**
 * A machine whose clock runs on simulated time and slows to half speed after `slowAfterMs`: variant A takes 10 ms
 * a run per item, variant B 5 ms. Timed one after another, B runs on the slow machine.
 */
function machine(slowAfterMs: number) {
  let now = 0;
  let from = slowAfterMs;
  let seed = 7;
  const noise = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 0.02;
  const variant =
    (msPerItem: number): Timeable['measure'] =>
    async (batch, n) => {
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const ms = msPerItem * batch * (now > from ? 2 : 1) * (1 + noise());
        now += ms;
        out[i] = ms;
      }
      return out;
    };
  return { a: variant(10), b: variant(5), slowFrom: (ms: number) => (from = ms), now: () => now };
}

const medianAt = (raw: Parameters<typeof analyze>[0], batch: number) =>
  analyze(raw).points.find((p) => p.batchSize === batch)!.stats.median;

describe('interleaved variant timing', () => {
  it('gives each variant its own batch sizes back', async () => {
    const m = machine(Infinity);
    const [a, b] = await timeInterleaved(
      [
        { batches: [1, 4], measure: m.a },
        { batches: [1], measure: m.b },
      ],
      protocol,
      () => {},
    );
    expect(a!.points.map((p) => p.batchSize)).toEqual([1, 4]);
    expect(b!.points.map((p) => p.batchSize)).toEqual([1]);
    expect(a!.warmup.map((w) => w.batchSize)).toEqual([1, 4]);
    expect(medianAt(a!, 4)).toBeCloseTo(40, 0);
    expect(medianAt(b!, 1)).toBeCloseTo(5, 0);
  });

  it('a machine that slows down halfway does not decide the comparison (one after another, it did)', async () => {
    // One after another: A on the fast machine, B after the slowdown: B looks as slow as A (ratio 1.0, not 0.5).
    const seq = machine(Infinity);
    const aAlone = await runProtocol(seq.a, [1], protocol);
    seq.slowFrom(0);
    const bAlone = await runProtocol(seq.b, [1], protocol);
    expect(medianAt(bAlone, 1) / medianAt(aAlone, 1)).toBeGreaterThan(0.9);
    // Interleaved on the same machine: both see the slowdown alike, and B stays at half of A.
    // The slowdown comes halfway through the interleaved run (its length measured on a steady machine first).
    const steady = machine(Infinity);
    const both = (m: ReturnType<typeof machine>) =>
      timeInterleaved(
        [
          { batches: [1], measure: m.a },
          { batches: [1], measure: m.b },
        ],
        protocol,
        () => {},
      );
    await both(steady);
    const mixed = machine(steady.now() / 2);
    const [a, b] = await both(mixed);
    // The slowdown did happen inside the run: A has samples from both machines.
    const all = [...a!.points[0]!.samplesMs, ...a!.points[0]!.discardedMs];
    expect(Math.min(...all)).toBeLessThan(11);
    expect(Math.max(...all)).toBeGreaterThan(19);
    const ratio = medianAt(b!, 1) / medianAt(a!, 1);
    expect(ratio).toBeGreaterThan(0.4);
    expect(ratio).toBeLessThan(0.6);
  });
});
