import { describe, expect, it } from 'vitest';
import { kindOf, roleOf, unionLength, v8Work, type TraceEvent } from './v8-trace.ts';

const meta = (pid: number, tid: number, name: string): TraceEvent => ({
  name: 'thread_name',
  ph: 'M',
  ts: 0,
  pid,
  tid,
  args: { name },
});
const x = (name: string, tid: number, ts: number, dur: number, pid = 1): TraceEvent => ({ name, ph: 'X', ts, dur, pid, tid });
const mark = (which: string, ts: number, pid = 1): TraceEvent => ({
  name: 'TimeStamp',
  ph: 'I',
  ts,
  pid,
  tid: 1,
  args: { data: { message: which } },
});

describe('V8 work in a traced window', () => {
  it('names the kinds of work and the roles of threads it counts', () => {
    expect(kindOf('wasm.TopTierCompilation')).toBe('wasm-tier-up');
    expect(kindOf('V8.MaglevBackground')).toBe('js-optimise');
    expect(kindOf('V8.GC_MC_BACKGROUND_MARKING')).toBe('gc');
    expect(kindOf('ThreadPool_RunTask')).toBeNull();
    expect(roleOf('ThreadPoolForegroundWorker')).toBe('thread pool');
    expect(roleOf('DedicatedWorker thread')).toBe('workers');
    expect(roleOf('CrRendererMain')).toBe('page');
    expect(roleOf('Compositor')).toBeNull();
  });

  it('counts overlapping intervals once', () => {
    expect(
      unionLength([
        [0, 10],
        [5, 15],
        [20, 25],
        [21, 22],
      ]),
    ).toBe(20);
    expect(unionLength([])).toBe(0);
  });

  it('sums nested events once per thread, adds threads, clips to the window and ignores other processes', () => {
    const events: TraceEvent[] = [
      meta(1, 2, 'ThreadPoolForegroundWorker'),
      meta(1, 3, 'ThreadPoolForegroundWorker'),
      meta(1, 4, 'DedicatedWorker thread'),
      meta(9, 2, 'ThreadPoolForegroundWorker'),
      mark('WINDOW_START', 1_000_000),
      mark('WINDOW_END', 3_000_000),
      // Nested: the units wrap the compilation; 100 ms once.
      x('wasm.ExecuteCompilationUnits', 2, 1_100_000, 100_000),
      x('wasm.TopTierCompilation', 2, 1_110_000, 50_000),
      // Another pool thread: adds up.
      x('wasm.TopTierCompilation', 3, 1_150_000, 20_000),
      // Half before the window: 10 ms counted.
      x('V8.GC_MC_BACKGROUND_MARKING', 2, 990_000, 20_000),
      x('V8.GC_SCAVENGER', 4, 2_000_000, 5_000),
      // Another process, and after the window: not counted.
      x('wasm.TopTierCompilation', 2, 1_500_000, 400_000, 9),
      x('V8.MaglevBackground', 2, 3_100_000, 10_000),
    ];
    const w = v8Work(events);
    expect(w.windowS).toBe(2);
    expect(w.ms['thread pool']['wasm-tier-up']).toBeCloseTo(120);
    expect(w.ms['thread pool'].gc).toBeCloseTo(10);
    expect(w.ms['thread pool']['js-optimise']).toBe(0);
    expect(w.ms.workers.gc).toBeCloseTo(5);
  });

  it('refuses a trace without both marks', () => {
    expect(() => v8Work([mark('WINDOW_START', 1)])).toThrow(/no timing window/);
  });
});
