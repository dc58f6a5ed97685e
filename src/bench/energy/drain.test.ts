import { describe, expect, it } from 'vitest';
import { batteryUnusable, derivedJoulesPerItem, drainDifference, drainRate, DrainError, type BatterySample } from './drain.ts';

/** A discharge that loses 1% every `stepMs`, starting at `level` on a step at t = 0. */
function discharge(level: number, stepMs: number, untilMs: number): BatterySample[] {
  const out: BatterySample[] = [];
  for (let t = 0, l = level; t <= untilMs; t += stepMs, l -= 0.01)
    out.push({ tMs: t, level: Math.round(l * 100) / 100, charging: false });
  return out;
}

describe('drain rate', () => {
  it('counts whole steps over the span, one step either way', () => {
    // 1% every 6 minutes: 10% per hour. A 30-minute span starting on a step sees 5 steps.
    const d = drainRate(discharge(0.8, 360_000, 3_600_000), 0, 1_800_000, 9000);
    expect(d.steps).toBe(5);
    expect(d.percentPerHour).toBeCloseTo(10, 12);
    expect(d.low).toBeCloseTo(8, 12);
    expect(d.high).toBeCloseTo(12, 12);
    expect(d.relUncertainty).toBeCloseTo(0.2, 12);
    expect(d.itemsPerPercent).toBe(1800);
  });

  it('says how little a span without a step shows', () => {
    const d = drainRate(discharge(0.5, 3_600_000, 3_600_000), 0, 600_000, 100);
    expect(d.steps).toBe(0);
    expect(d.percentPerHour).toBe(0);
    expect(d.high).toBeCloseTo(6, 12);
    expect(d.relUncertainty).toBeNull();
    expect(d.itemsPerPercent).toBeNull();
  });

  it('refuses a span in which the device charged, or the level rose', () => {
    const s = discharge(0.8, 60_000, 600_000);
    s[3] = { ...s[3]!, charging: true };
    expect(() => drainRate(s, 0, 600_000, 1)).toThrow(DrainError);
    const rising: BatterySample[] = [
      { tMs: 0, level: 0.5, charging: false },
      { tMs: 1000, level: 0.52, charging: false },
    ];
    expect(() => drainRate(rising, 0, 2000, 1)).toThrow(/rose/);
    expect(() => drainRate(rising, 10, 5, 1)).toThrow(DrainError);
  });

  it('takes A − B with an interval from both ends', () => {
    const a = drainRate(discharge(0.9, 180_000, 3_600_000), 0, 1_800_000, 1); // 20%/h, 10 steps: 18–22
    const b = drainRate(discharge(0.9, 360_000, 3_600_000), 0, 1_800_000, 1); // 10%/h, 5 steps: 8–12
    const diff = drainDifference(a, b);
    expect(diff.percentPerHour).toBeCloseTo(10, 12);
    expect(diff.low).toBeCloseTo(6, 12);
    expect(diff.high).toBeCloseTo(14, 12);
  });
});

describe('derived joules', () => {
  it('turns steps into joules with the battery capacity', () => {
    // 5 steps of a 15 Wh battery: 1% = 15 × 3600 / 100 = 540 J; 2700 J over 9000 items = 0.3 J each (0.24–0.36).
    const d = drainRate(discharge(0.8, 360_000, 3_600_000), 0, 1_800_000, 9000);
    const j = derivedJoulesPerItem(d, 15, 9000, 'entered by the user')!;
    expect(j.typical).toBeCloseTo(0.3, 12);
    expect(j.low).toBeCloseTo(0.24, 12);
    expect(j.high).toBeCloseTo(0.36, 12);
    expect(j.label).toBe('derived');
    expect(derivedJoulesPerItem(d, 0, 9000, 'x')).toBeNull();
  });
});

describe('when the battery cannot measure', () => {
  it('names the reason', () => {
    expect(batteryUnusable(null)).toMatch(/no Battery Status API/);
    expect(batteryUnusable({ level: 1, charging: true })).toMatch(/cannot read/);
    expect(batteryUnusable({ level: 0.6, charging: true })).toMatch(/charging/);
    expect(batteryUnusable({ level: 0.6, charging: false })).toBeNull();
  });
});
