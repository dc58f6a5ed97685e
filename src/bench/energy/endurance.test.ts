import { describe, expect, it } from 'vitest';
import {
  firstSustainedDrop,
  summarizeEndurance,
  throughputOf,
  worstPressure,
  WINDOW_MS,
  type EnduranceWindow,
} from './endurance.ts';

/** Windows of WINDOW_MS with the given items per second. */
const series = (perSecond: readonly number[]): EnduranceWindow[] =>
  perSecond.map((r, i) => ({
    startMs: i * WINDOW_MS,
    endMs: (i + 1) * WINDOW_MS,
    items: r * (WINDOW_MS / 1000),
    pressure: null,
    battery: null,
  }));

describe('stability ratio', () => {
  it('is the worst window over the best', () => {
    const s = summarizeEndurance(series([100, 98, 99, 97, 100]));
    expect(s.stability).toBeCloseTo(0.97, 12);
    expect(s.stable).toBe(true);
    expect(summarizeEndurance(series([100, 96, 100])).stable).toBe(false);
  });

  it('needs two windows', () => {
    expect(summarizeEndurance(series([100])).stability).toBeNull();
    expect(summarizeEndurance([]).stable).toBeNull();
  });

  it('uses each window’s own length', () => {
    expect(throughputOf({ startMs: 0, endMs: 2000, items: 10, pressure: null, battery: null })).toBe(5);
  });
});

describe('the throttle rule: a drop of 5% or more that lasts to the end', () => {
  it('flags a step down halfway and says when it started', () => {
    const s = summarizeEndurance(series([100, 100, 101, 99, 100, 90, 90, 89, 90, 90]));
    expect(s.throttled).toBe(true);
    expect(s.firstDropMs).toBe(5 * WINDOW_MS);
  });

  it('flags a slow monotone decline once it passes 5%', () => {
    const s = summarizeEndurance(series([100, 100, 98.8, 97.6, 96.4, 95.2, 94, 92.8, 91.6, 90.4]));
    expect(s.throttled).toBe(true);
    expect(s.firstDropMs).not.toBeNull();
  });

  it('does not flag a drop of less than 5%', () => {
    expect(summarizeEndurance(series([100, 100, 100, 100, 96, 96, 96, 96])).throttled).toBe(false);
  });

  it('does not flag one slow window (a pause), nor a dip that recovers', () => {
    expect(summarizeEndurance(series([100, 100, 100, 60, 100, 100, 100])).throttled).toBe(false);
    expect(summarizeEndurance(series([100, 100, 90, 90, 90, 100, 100, 100])).throttled).toBe(false);
  });

  it('does not flag a drop in the last window alone', () => {
    expect(firstSustainedDrop([100, 100, 100, 100, 80])).toBe(-1);
    expect(firstSustainedDrop([100, 100, 100, 80, 80])).toBe(3);
  });

  it('does not take noise between windows for a drop, but finds a drop in noisy windows', () => {
    const noisy = [100, 97, 102, 99, 96, 101, 103, 98, 95, 101];
    expect(summarizeEndurance(series(noisy)).throttled).toBe(false);
    const dropped = [...noisy.slice(0, 5), ...noisy.slice(5).map((x) => x * 0.9)];
    expect(firstSustainedDrop(dropped)).toBe(5);
  });

  it('does not flag a run that speeds up', () => {
    expect(summarizeEndurance(series([90, 95, 100, 100, 100, 100])).throttled).toBe(false);
  });
});

describe('pressure', () => {
  it('keeps the most severe state', () => {
    expect(worstPressure([null, 'fair', 'nominal'])).toBe('fair');
    expect(worstPressure(['serious', 'critical'])).toBe('critical');
    expect(worstPressure([null])).toBeNull();
  });
});
