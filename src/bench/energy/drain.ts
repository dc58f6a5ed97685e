// Battery drain (pure; runs in the app and on the server): % per hour from the Battery Status API's 1% steps, with
// the uncertainty of counting whole steps, inferences per 1%, the A/B difference, and joules where the battery's
// watt-hours are known ("derived").
import type { EnergyFigure } from './energy-model.ts';
import { DrainError } from '../../shared/errors.ts';

export { DrainError };

/** One reading of navigator.getBattery(): level 0–1 in 1% steps. */
export interface BatterySample {
  /** ms from the start of the protocol. */
  tMs: number;
  level: number;
  charging: boolean;
}

/**
 * Why this battery cannot measure, or null when it can. A browser that cannot read the battery reports a full one on
 * charge (level 1, charging), which means "unknown", not "full".
 */
export function batteryUnusable(first: Pick<BatterySample, 'level' | 'charging'> | null): string | null {
  if (!first) return 'this browser has no Battery Status API (Chromium-based browsers only; not Firefox or Safari)';
  if (first.charging && first.level >= 1)
    return 'the browser reports a full battery on charge, which is what it reports when it cannot read one (a desktop, or a faked value)';
  if (first.charging) return 'the device is charging: unplug it to measure drain';
  return null;
}

/** Battery drain over one configuration's run. */
export interface DrainEstimate {
  /** Whole 1% steps the level fell between the start and the end. */
  steps: number;
  hours: number;
  percentPerHour: number;
  /** One step either way: the run starts on a step (a levelchange) and ends somewhere within one. */
  low: number;
  high: number;
  /** One step over the steps counted; null with none. */
  relUncertainty: number | null;
  /** Inferences per 1% of battery; null when the level did not move. */
  itemsPerPercent: number | null;
}

/** The level at `t`: the last reading at or before it. */
function levelAt(samples: readonly BatterySample[], t: number): BatterySample {
  let at: BatterySample | null = null;
  for (const s of samples) if (s.tMs <= t) at = s;
  if (!at) throw new DrainError(`no battery reading at or before ${t} ms`);
  return at;
}

/** Drain between `startMs` and `endMs`, in which `items` inferences ran. Refuses a span with charging in it. */
export function drainRate(samples: readonly BatterySample[], startMs: number, endMs: number, items: number): DrainEstimate {
  if (!(endMs > startMs)) throw new DrainError('a drain span needs an end after its start');
  const within = samples.filter((s) => s.tMs >= startMs && s.tMs <= endMs);
  const start = levelAt(samples, startMs);
  if (start.charging || within.some((s) => s.charging)) throw new DrainError('the device charged during the span');
  const end = levelAt(samples, endMs);
  const steps = Math.round((start.level - end.level) * 100);
  if (steps < 0) throw new DrainError('the battery level rose during the span');
  const hours = (endMs - startMs) / 3_600_000;
  return {
    steps,
    hours,
    percentPerHour: steps / hours,
    low: Math.max(0, steps - 1) / hours,
    high: (steps + 1) / hours,
    relUncertainty: steps > 0 ? 1 / steps : null,
    itemsPerPercent: steps > 0 ? items / steps : null,
  };
}

/** A − B in % per hour with the interval from both ends (A's low minus B's high, A's high minus B's low). */
export function drainDifference(a: DrainEstimate, b: DrainEstimate): { percentPerHour: number; low: number; high: number } {
  return { percentPerHour: a.percentPerHour - b.percentPerHour, low: a.low - b.high, high: a.high - b.low };
}

/**
 * Joules per inference from a drain estimate and the battery's capacity in watt-hours (1% = Wh × 36 J), over the
 * `items` run in the span; the range counts one step either way. Labelled "derived": the capacity is not measured.
 */
export function derivedJoulesPerItem(d: DrainEstimate, wattHours: number, items: number, source: string): EnergyFigure | null {
  if (!(wattHours > 0) || !(items > 0) || d.steps === 0) return null;
  const jPerStep = wattHours * 36;
  return {
    low: (Math.max(0, d.steps - 1) * jPerStep) / items,
    typical: (d.steps * jPerStep) / items,
    high: ((d.steps + 1) * jPerStep) / items,
    label: 'derived',
    sources: [source],
    rough: false,
  };
}
