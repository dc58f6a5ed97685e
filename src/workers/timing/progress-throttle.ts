// Thins out progress messages from the worker (inference worker, pure timing logic): every message makes the page
// re-render, and on a device with few cores that work competes with the measured runs for the same CPU. Two updates a
// second are plenty for a progress bar. (On the 2-core CI machine this alone did not close TierLab's 2 to 6% gap to a
// bare loop at large batch sizes; see docs/perf.md.)

/** Minimum time between two progress messages of the same phase, ms. */
export const PROGRESS_INTERVAL_MS = 500;

/**
 * Wraps `send` so a message goes out when its phase or batch size differs from the last one sent, or when
 * `intervalMs` has passed since the last; others are dropped (the next one carries the newer state anyway).
 */
export function throttleProgress<T extends { phase: string; batchSize: number; round: number }>(
  send: (p: T) => void | Promise<void>,
  now: () => number = () => performance.now(),
  intervalMs = PROGRESS_INTERVAL_MS,
): (p: T) => void | Promise<void> {
  let lastAt = -Infinity;
  let lastKey = '';
  return (p) => {
    const key = `${p.phase}:${p.round < 0 ? 'end' : p.phase === 'warmup' ? p.batchSize : ''}`;
    const t = now();
    if (key === lastKey && t - lastAt < intervalMs) return;
    lastKey = key;
    lastAt = t;
    // The sender's promise (the page painting the update) is passed on, so the protocol can wait for it.
    return send(p);
  };
}
