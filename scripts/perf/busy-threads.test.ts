import { describe, expect, it } from 'vitest';
import { busyBetween, threads, type ThreadStat } from './busy-threads.ts';

describe('busyBetween', () => {
  const t = (tid: number, ticks: number): ThreadStat => ({ pid: 1, tid, name: 'WebCore: Worker', ticks });

  it('names the threads that used more than the given share of a core over the window', () => {
    // 3 s at 100 ticks/s: 300 ticks is a whole core.
    const busy = busyBetween([t(1, 0), t(2, 0), t(3, 10)], [t(1, 290), t(2, 60), t(3, 400)], 3000, 0.5);
    expect(busy.map((b) => b.thread.tid)).toEqual([1, 3]);
    expect(busy[0]?.share).toBeCloseTo(290 / 300);
  });

  it('leaves out threads that started within the window (a spare interpreter booting is not a leftover)', () => {
    expect(busyBetween([], [t(1, 300)], 3000, 0.5)).toEqual([]);
  });
});

describe('threads', () => {
  it("lists this process's own threads from /proc, its main thread among them", () => {
    const mine = threads(process.pid, /./);
    const main = mine.find((s) => s.tid === process.pid);
    expect(main?.pid).toBe(process.pid);
    expect(main?.ticks).toBeGreaterThan(0);
  });
});
