import { describe, expect, it } from 'vitest';
import type { EnergySection } from '../../shared/energy-result.ts';
import { VerificationError } from '../../shared/errors.ts';
import { DEVICE_POWER } from './constants.ts';
import { computeEnergy } from './energy-model.ts';
import { energyFigures, type EnergyRecord } from './energy-section.ts';
import { verifyEnergy } from './verify-energy.ts';

/** Ten 5-second windows under load losing 1% every 10 s, then ten idle ones losing 1% every 25 s. */
function honest(): EnergySection {
  const windows: EnergySection['windows'] = [];
  for (let i = 0; i < 20; i++)
    windows.push({
      phase: i < 10 ? 'A' : 'B',
      startMs: i * 5000,
      endMs: (i + 1) * 5000,
      items: i < 10 ? 400 : 0,
      pressure: i < 10 ? 'fair' : 'nominal',
      battery: null,
    });
  const batterySamples: EnergySection['batterySamples'] = [{ tMs: 0, level: 0.8, charging: false }];
  for (let t = 10_000; t <= 50_000; t += 10_000) batterySamples.push({ tMs: t, level: 0.8 - t / 1_000_000, charging: false });
  for (let t = 75_000; t <= 100_000; t += 25_000)
    batterySamples.push({ tMs: t, level: 0.75 - (t - 50_000) / 2_500_000, charging: false });
  for (const s of batterySamples) s.level = Math.round(s.level * 100) / 100;
  const record: EnergyRecord = {
    protocol: { kind: 'endurance', phaseMs: 50_000, windowMs: 5000, batchSize: 4, then: 'idle', startedOnLevelChange: true },
    windows,
    batterySamples,
    batteryUnusable: null,
    wattHours: { value: 15, source: 'typed in' },
  };
  const f = energyFigures(record);
  return {
    ...record,
    pressureSamples: [{ tMs: 0, state: 'fair' }],
    wakeLock: 'held',
    ended: 'complete',
    summary: f.summary,
    drain: f.drain,
    joulesPerItem: { derived: f.derived, modelled: computeEnergy(DEVICE_POWER.phone, 10) },
  };
}

describe('verifying an energy section', () => {
  it('accepts an honest one, whose figures follow from its record', () => {
    const e = honest();
    expect(verifyEnergy(e, 4)).toBe(e);
    // 5 steps in 50 s under load = 360 %/h; 2 steps in 50 s idle = 144 %/h.
    expect(e.drain?.a?.percentPerHour).toBeCloseTo(360, 9);
    expect(e.drain?.b?.percentPerHour).toBeCloseTo(144, 9);
    expect(e.drain?.difference?.percentPerHour).toBeCloseTo(216, 9);
    expect(e.summary.stability).toBe(1);
    expect(e.joulesPerItem.derived?.label).toBe('derived');
  });

  it('refuses an edited drain rate, stability or derived figure, naming the field', () => {
    const drain = honest();
    drain.drain!.a!.percentPerHour = 100;
    expect(() => verifyEnergy(drain, 4)).toThrow(/energy\.drain\.a\.percentPerHour does not follow/);
    const stable = honest();
    stable.summary.throttled = true;
    expect(() => verifyEnergy(stable, 4)).toThrow(/energy\.summary\.throttled/);
    const joules = honest();
    joules.joulesPerItem.derived!.typical *= 2;
    expect(() => verifyEnergy(joules, 4)).toThrow(VerificationError);
  });

  it('refuses a record that cannot be', () => {
    const overlap = honest();
    overlap.windows[3]!.startMs = 10_000;
    expect(() => verifyEnergy(overlap, 4)).toThrow(/windows\.3 overlaps/);
    const busyIdle = honest();
    busyIdle.windows[15]!.items = 8;
    expect(() => verifyEnergy(busyIdle, 4)).toThrow(/windows\.15\.items is not 0/);
    const partRun = honest();
    partRun.windows[0]!.items = 401;
    expect(() => verifyEnergy(partRun, 4)).toThrow(/whole runs/);
    const level = honest();
    level.batterySamples[1]!.level = 0.795;
    expect(() => verifyEnergy(level, 4)).toThrow(/whole percent/);
    expect(() => verifyEnergy(honest(), 8)).toThrow(/batchSize/);
    const modelled = honest();
    modelled.joulesPerItem.modelled.label = 'measured';
    expect(() => verifyEnergy(modelled, 4)).toThrow(/modelled/);
  });

  it('has no drain where the battery could not measure', () => {
    const e = honest();
    const f = energyFigures({ ...e, batteryUnusable: 'no Battery Status API' });
    expect(f.drain).toBeNull();
    expect(f.derived).toBeNull();
    expect(() => verifyEnergy({ ...e, batteryUnusable: 'no Battery Status API' }, 4)).toThrow(/energy\.drain/);
  });
});
