import { describe, expect, it } from 'vitest';
import { busyBetween, parseStat, threads, type ThreadStat } from './busy-threads.ts';

// A WebKit worker thread's line as /proc shows it (fields after the name: state, ppid, …, utime 14, stime 15).
const LINE = '8169 (WebCore: Worker) R 7601 7596 7596 0 -1 4194624 2381 0 0 0 3100 45 0 0 20 0 31 0 61234 77000000000 250000';

describe('parseStat', () => {
  it('reads the name, parent and CPU ticks of a thread', () => {
    expect(parseStat(LINE, 7670)).toEqual({ pid: 7670, tid: 8169, name: 'WebCore: Worker', ppid: 7601, ticks: 3145 });
  });

  it('takes the last parenthesis as the end of a name that holds parentheses and spaces', () => {
    const st = parseStat(LINE.replace('(WebCore: Worker)', '(a) (b c)'), 1);
    expect(st?.name).toBe('a) (b c');
    expect(st?.ticks).toBe(3145);
  });

  it('refuses a line that is not a stat line', () => {
    expect(parseStat('garbage', 1)).toBeNull();
    expect(parseStat('12 (x) R', 1)).toBeNull();
  });
});

describe('busyBetween', () => {
  const t = (tid: number, ticks: number): ThreadStat => ({ pid: 1, tid, name: 'WebCore: Worker', ppid: 0, ticks });

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
