// What V8 does beside the timed runs (Node): one extra run of each method with Chromium's tracing on (V8's compile,
// GC and WebAssembly categories), its timing window marked in the trace, and the work summed per kind and thread.
// Tracing slows the page, so these runs are never among the timed repetitions: they say what competes, not how much
// time it costs.
import type { Page } from '@playwright/test';

export const TRACE_CATEGORIES = [
  '__metadata',
  'devtools.timeline',
  'v8.wasm',
  'disabled-by-default-v8.compile',
  'disabled-by-default-v8.gc',
];

export type V8Kind = 'wasm-tier-up' | 'js-optimise' | 'gc';
export type ThreadRole = 'thread pool' | 'workers' | 'page';

export interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: Record<string, unknown>;
}

export interface V8Work {
  windowS: number;
  /** Milliseconds of each kind of work on each role's threads inside the window (nested events counted once). */
  ms: Record<ThreadRole, Record<V8Kind, number>>;
}

/** The kind of V8 work an event is, or null for anything else. */
export function kindOf(name: string): V8Kind | null {
  if (name === 'wasm.TopTierCompilation' || name === 'wasm.ExecuteCompilationUnits') return 'wasm-tier-up';
  if (/^V8\.(MaglevBackground|OptimizeBackground|OptimizeConcurrentPrepare|TurbofanTask|MaglevTask)$/.test(name))
    return 'js-optimise';
  if (/^V8\.GC_/.test(name)) return 'gc';
  return null;
}

/**
 * Which role a renderer thread plays: the page's main thread, the workers (the inference worker and onnxruntime's
 * threads are all dedicated workers), or Chromium's renderer thread pool, where V8 runs background jobs.
 */
export function roleOf(threadName: string): ThreadRole | null {
  if (threadName === 'CrRendererMain') return 'page';
  if (threadName.startsWith('DedicatedWorker')) return 'workers';
  if (threadName.startsWith('ThreadPoolForegroundWorker') || threadName.startsWith('ThreadPoolBackgroundWorker'))
    return 'thread pool';
  return null;
}

const MARK = (e: TraceEvent, which: 'WINDOW_START' | 'WINDOW_END') =>
  e.name === 'TimeStamp' && JSON.stringify(e.args ?? {}).includes(which);

/** Length of the union of [start, end) intervals, in the intervals' unit. */
export function unionLength(intervals: readonly [number, number][]): number {
  const s = [...intervals].sort((a, b) => a[0] - b[0]);
  let total = 0;
  let end = -Infinity;
  for (const [a, b] of s) {
    if (b <= end) continue;
    total += b - Math.max(a, end);
    end = b;
  }
  return total;
}

/** Sums V8's work per role and kind between the window's marks, in the renderer that holds the marks. */
export function v8Work(events: readonly TraceEvent[]): V8Work {
  const start = events.find((e) => MARK(e, 'WINDOW_START'));
  const end = events.find((e) => MARK(e, 'WINDOW_END'));
  if (!start || !end || end.ts <= start.ts) throw new Error('the trace has no timing window marks');
  const names = new Map<string, string>();
  for (const e of events)
    if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, String(e.args?.['name'] ?? ''));
  const spans = new Map<string, [number, number][]>();
  for (const e of events) {
    if (e.ph !== 'X' || e.pid !== start.pid || e.dur === undefined) continue;
    const kind = kindOf(e.name);
    const role = roleOf(names.get(`${e.pid}:${e.tid}`) ?? '');
    if (!kind || !role) continue;
    const a = Math.max(e.ts, start.ts);
    const b = Math.min(e.ts + e.dur, end.ts);
    if (b <= a) continue;
    // Per thread, so nested events of one kind count once and two threads' work adds up.
    const key = `${role}|${kind}|${e.tid}`;
    (spans.get(key) ?? spans.set(key, []).get(key)!).push([a, b]);
  }
  const zero = (): Record<V8Kind, number> => ({ 'wasm-tier-up': 0, 'js-optimise': 0, gc: 0 });
  const ms: V8Work['ms'] = { 'thread pool': zero(), workers: zero(), page: zero() };
  for (const [key, list] of spans) {
    const [role, kind] = key.split('|') as [ThreadRole, V8Kind];
    ms[role][kind] += unionLength(list) / 1000;
  }
  return { windowS: (end.ts - start.ts) / 1e6, ms };
}

/**
 * Watches `page` with tracing on: marks the window's start and end (page conditions polled every 100 ms) in the trace
 * with console.timeStamp, then stops tracing and hands the events to `done`.
 */
export function tracedWindow(start: string, end: string, done: (events: TraceEvent[]) => void) {
  return async (page: Page): Promise<void> => {
    const browser = page.context().browser();
    if (!browser) throw new Error('tracing needs a launched browser');
    await browser.startTracing(page, { categories: TRACE_CATEGORIES });
    await page.waitForFunction(start, undefined, { polling: 100, timeout: 0 });
    await page.evaluate(`console.timeStamp('WINDOW_START')`);
    await page.waitForFunction(end, undefined, { polling: 100, timeout: 0 });
    await page.evaluate(`console.timeStamp('WINDOW_END')`);
    const raw = JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents?: TraceEvent[] } | TraceEvent[];
    done(Array.isArray(raw) ? raw : (raw.traceEvents ?? []));
  };
}
