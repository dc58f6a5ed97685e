// An honest endurance record and its figures (tests only): load then idle on a scripted battery.
import type { EnergySection } from '../../shared/energy-result.ts';
import { DEVICE_POWER } from '../energy/constants.ts';
import { computeEnergy } from '../energy/energy-model.ts';
import { energyFigures, type EnergyRecord } from '../energy/energy-section.ts';

/** Ten 5-second windows under load losing 1% every 10 s, then ten idle ones losing 1% every 25 s. */
export function sampleEnergy(): EnergySection {
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
