import { describe, expect, it } from 'vitest';
import type { EnduranceWindowRaw } from '../../shared/contracts/benchmark.ts';
import { runEndurance, type EnduranceLoopSettings } from './endurance-loop.ts';

/** A fake clock and a model that takes `ms` per run; idle waits advance the clock. */
function rig(ms: number) {
  let t = 0;
  return {
    now: () => t,
    wait: async (d: number) => {
      t += Math.max(0, d);
    },
    measure: async (_batch: number, n: number) => {
      t += ms * n;
      return new Float64Array(n).fill(ms);
    },
  };
}

/** Runs a series on a 10 ms model with a fake clock; returns how it ended and every window. */
async function series(settings: EnduranceLoopSettings) {
  const r = rig(10);
  const windows: EnduranceWindowRaw[] = [];
  const ended = await runEndurance(
    r.measure,
    settings,
    10,
    async (w) => {
      windows.push(w);
      return false;
    },
    r.now,
    r.wait,
  );
  return { ended, windows };
}

describe('endurance loop', () => {
  it('counts items per window under load, then idles as long', async () => {
    const { ended, windows } = await series({ phaseMs: 10_000, windowMs: 2000, batch: 4, then: 'idle' });
    expect(ended).toBe('complete');
    const a = windows.filter((w) => w.phase === 'A');
    const b = windows.filter((w) => w.phase === 'B');
    // 20 runs (200 ms) a chunk: each 2 s window holds 200 runs of batch 4.
    expect(a).toHaveLength(5);
    expect(a.every((w) => w.items === 800 && w.endMs - w.startMs === 2000)).toBe(true);
    expect(b).toHaveLength(5);
    expect(b.every((w) => w.items === 0)).toBe(true);
    expect(b[0]!.startMs).toBe(a.at(-1)!.endMs);
  });

  it('ends the series when the page says so', async () => {
    const r = rig(10);
    let n = 0;
    const ended = await runEndurance(
      r.measure,
      { phaseMs: 10_000, windowMs: 2000, batch: 1, then: 'idle' },
      10,
      async () => ++n === 2,
      r.now,
      r.wait,
    );
    expect(ended).toBe('stopped');
    expect(n).toBe(2);
  });
});

describe('endurance loop, A then another batch size', () => {
  it('runs phase B loaded at its own batch size for as long', async () => {
    const { windows } = await series({
      phaseMs: 6000,
      windowMs: 2000,
      batch: 4,
      then: 'batch',
      thenBatch: { batch: 1, typicalMs: 10 },
    });
    const b = windows.filter((w) => w.phase === 'B');
    expect(b).toHaveLength(3);
    expect(b.every((w) => w.items === 200)).toBe(true);
    expect(windows.filter((w) => w.phase === 'A').every((w) => w.items === 800)).toBe(true);
  });
});
