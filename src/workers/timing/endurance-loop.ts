// Endurance mode's loop (inference worker): one batch size run without pause for the phase's length, counted in
// windows, then (for an A-then-idle protocol) as long idle, in windows with no work. Each finished window goes to the
// page, which records the battery and Compute Pressure beside it and may end the series (tab hidden, wake lock lost).
import type { Measure } from '../../bench/protocol.ts';
import type { EnduranceWindowRaw } from '../../shared/contracts/benchmark.ts';

export interface EnduranceLoopSettings {
  phaseMs: number;
  windowMs: number;
  batch: number;
  then: 'none' | 'idle' | 'batch';
  /** Phase B's batch size and its typical run time, when `then` is 'batch'. */
  thenBatch?: { batch: number; typicalMs: number };
}

/** Receives each finished window; resolves true to end the series there. */
export type OnWindow = (w: EnduranceWindowRaw) => Promise<boolean>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs sized to about 200 ms of work between clock checks. */
const chunkFor = (typicalMs: number) => Math.max(1, Math.min(1000, Math.round(200 / Math.max(typicalMs, 0.01))));

/**
 * Runs the series; `typicalMs` (the protocol's median at this batch size) sizes the chunks. Windows close at the first
 * chunk boundary after `windowMs` (their real length is kept); an unfinished last window is dropped. Times are ms from
 * the start of the series on this worker's clock. Phase B follows for as long: idle windows, or the load at
 * `thenBatch`.
 */
export async function runEndurance(
  measure: Measure,
  s: EnduranceLoopSettings,
  typicalMs: number,
  onWindow: OnWindow,
  now: () => number = () => performance.now(),
  wait: (ms: number) => Promise<unknown> = sleep,
): Promise<'complete' | 'stopped'> {
  const t0 = now();
  const at = () => now() - t0;

  /** One loaded phase from `from` until `until`; false when the page ended the series. */
  const load = async (phase: 'A' | 'B', batch: number, chunk: number, from: number, until: number) => {
    let start = from;
    let items = 0;
    while (at() < until) {
      await measure(batch, chunk);
      items += chunk * batch;
      const t = at();
      if (t - start >= s.windowMs) {
        if (await onWindow({ phase, startMs: start, endMs: t, items })) return false;
        start = t;
        items = 0;
      }
    }
    return true;
  };

  if (!(await load('A', s.batch, chunkFor(typicalMs), 0, s.phaseMs))) return 'stopped';
  if (s.then === 'none') return 'complete';
  const from = at();
  const until = from + s.phaseMs;
  if (s.then === 'batch') {
    const b = s.thenBatch;
    if (!b) return 'complete';
    return (await load('B', b.batch, chunkFor(b.typicalMs), from, until)) ? 'complete' : 'stopped';
  }
  let start = from;
  while (start + s.windowMs <= until + 1) {
    await wait(s.windowMs - (at() - start));
    const t = at();
    if (await onWindow({ phase: 'B', startMs: start, endMs: t, items: 0 })) return 'stopped';
    start = t;
  }
  return 'complete';
}
