// An endurance run's energy section from what the page recorded (main thread, pure): the figures from the shared
// functions the server recomputes with, and the modelled joules from the device class and the measured median.
import { deviceClassOf, DEVICE_POWER } from '../../bench/energy/constants.ts';
import { computeEnergy, perItem } from '../../bench/energy/energy-model.ts';
import { energyFigures } from '../../bench/energy/energy-section.ts';
import { osFamily } from '../../shared/device-buckets.ts';
import type { EnergySection } from '../../shared/energy-result.ts';
import type { EnduranceSettings } from '../../shared/run-plan.ts';

/** What the page recorded during the series (windows stamped with the battery and pressure beside them). */
export type EnduranceRecording = Pick<
  EnergySection,
  'windows' | 'batterySamples' | 'pressureSamples' | 'wakeLock' | 'ended' | 'batteryUnusable' | 'wattHours'
> & { startedOnLevelChange: boolean };

export function buildEnergySection(
  e: EnduranceSettings,
  rec: EnduranceRecording,
  medianMs: number,
  env: { userAgent: string; platform: string },
): EnergySection {
  const { startedOnLevelChange, ...kept } = rec;
  const protocol = {
    kind: 'endurance' as const,
    phaseMs: e.seconds * 1000,
    windowMs: e.windowSeconds * 1000,
    batchSize: e.batch,
    then: e.then,
    ...(e.thenBatch !== undefined ? { thenBatch: e.thenBatch } : {}),
    startedOnLevelChange,
  };
  const f = energyFigures({ ...kept, protocol });
  const power = DEVICE_POWER[deviceClassOf(osFamily(env.userAgent, env.platform))];
  return {
    ...kept,
    protocol,
    summary: f.summary,
    drain: f.drain,
    joulesPerItem: { derived: f.derived, modelled: perItem(computeEnergy(power, medianMs), e.batch) },
  };
}

/** Plain-language notes on the series: how it ended, the wake lock, the throttle flag, the battery. */
export function enduranceNotes(s: EnergySection): string[] {
  const notes: string[] = [];
  if (s.ended === 'hidden') notes.push('endurance: the tab was hidden, so the window series ended there');
  if (s.ended === 'wake-lock-lost') notes.push('endurance: the screen wake lock was released, so the window series ended there');
  if (s.ended === 'stopped') notes.push('endurance: stopped before its planned length');
  if (s.wakeLock === 'unavailable') notes.push('endurance: no screen wake lock could be had; the screen may have dimmed');
  if (s.summary.throttled)
    notes.push(
      `endurance: throttled — throughput dropped 5% or more from ${((s.summary.firstDropMs ?? 0) / 1000).toFixed(0)} s and stayed down`,
    );
  if (s.batteryUnusable) notes.push(`energy cannot be measured here: ${s.batteryUnusable}; figures are modelled`);
  return notes;
}
