// Measures the resolution of performance.now() where it runs (any thread).

/** Smallest non-zero step between consecutive performance.now() readings, in ms. */
export function timerResolutionMs(trials = 2000): number {
  let best = Infinity;
  let last = performance.now();
  for (let i = 0; i < trials * 50 && best > 0.0005; i++) {
    const now = performance.now();
    if (now > last) {
      best = Math.min(best, now - last);
      last = now;
    }
  }
  return Number.isFinite(best) ? best : 0;
}
