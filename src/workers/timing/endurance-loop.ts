// Endurance mode's loop (inference worker): one batch size run without pause for the phase's length, counted in
// windows, then (for an A-then-idle protocol) as long idle, in windows with no work. Each finished window goes to the
// page, which records the battery and Compute Pressure beside it and may end the series (tab hidden, wake lock lost).
import type { Measure } from '../../bench/protocol.ts';
import type { EnduranceWindowRaw } from '../../shared/contracts/benchmark.ts';

export interface EnduranceLoopSettings {
  phaseMs: number;
  windowMs: number;
  batch: number;
  then: 'none' | 'idle';
}

/** Receives each finished window; resolves true to end the series there. */
export type OnWindow = (w: EnduranceWindowRaw) => Promise<boolean>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs the series; `typicalMs` (the protocol's median at this batch size) sizes the chunks between clock checks to
 * about 200 ms of work. Windows close at the first chunk boundary after `windowMs` (their real length is kept); an
 * unfinished last window is dropped. Times are ms from the start of the series on this worker's clock.
 */
export async function runEndurance(
  measure: Measure,
  s: EnduranceLoopSettings,
  typicalMs: number,
  onWindow: OnWindow,
  now: () => number = () => performance.now(),
  wait: (ms: number) => Promise<unknown> = sleep,
): Promise<'complete' | 'stopped'> {
  const chunk = Math.max(1, Math.min(1000, Math.round(200 / Math.max(typicalMs, 0.01))));
  const t0 = now();
  const at = () => now() - t0;
  let start = 0;
  let items = 0;
  while (at() < s.phaseMs) {
    await measure(s.batch, chunk);
    items += chunk * s.batch;
    const t = at();
    if (t - start >= s.windowMs) {
      if (await onWindow({ phase: 'A', startMs: start, endMs: t, items })) return 'stopped';
      start = t;
      items = 0;
    }
  }
  if (s.then !== 'idle') return 'complete';
  const idleEnd = at() + s.phaseMs;
  start = at();
  while (start + s.windowMs <= idleEnd + 1) {
    await wait(s.windowMs - (at() - start));
    const t = at();
    if (await onWindow({ phase: 'B', startMs: start, endMs: t, items: 0 })) return 'stopped';
    start = t;
  }
  return 'complete';
}
