// Recomputing a submitted energy section (pure; the results server runs it with verifyResult): the windows must be a
// consistent series, and the stability summary, drain rates, A − B and derived joules must follow from the windows and
// battery readings, or the field is named.
import { VerificationError } from '../../shared/errors.ts';
import type { EnergySection } from '../../shared/energy-result.ts';
import type { RunResult } from '../../shared/run-result.ts';
import { differences } from '../verify-result.ts';
import { energyFigures } from './energy-section.ts';

const fail = (field: string, why: string): never => {
  throw new VerificationError(`energy.${field}`, `energy.${field} ${why}`);
};

/** Checks what the schema cannot about the raw record. */
function checkRecord(e: EnergySection, batchSize: number | null): void {
  const { protocol, windows } = e;
  let previousEnd = 0;
  let seenB = false;
  windows.forEach((w, i) => {
    if (!(w.endMs > w.startMs)) fail(`windows.${i}`, 'ends before it starts');
    if (w.startMs < previousEnd - 1) fail(`windows.${i}`, 'overlaps the window before it');
    // No device runs a million items a second: a bound that catches an inflated count, not a measurement.
    if (w.items > ((w.endMs - w.startMs) / 1000) * 1e6) fail(`windows.${i}.items`, 'is not a count that fits its window');
    const batch = w.phase === 'A' ? protocol.batchSize : (protocol.thenBatch ?? 0);
    if (w.phase === 'B') {
      if (protocol.then === 'none') fail(`windows.${i}.phase`, "is B but the protocol's 'then' is none");
      if (protocol.then === 'idle' && w.items !== 0) fail(`windows.${i}.items`, 'is not 0 in an idle phase');
      seenB = true;
    } else if (seenB) fail(`windows.${i}.phase`, 'is A after phase B began');
    if (batch > 0 && w.items % batch !== 0) fail(`windows.${i}.items`, `is not whole runs of batch ${batch}`);
    previousEnd = w.endMs;
  });
  if (batchSize !== null && protocol.batchSize !== batchSize)
    fail('protocol.batchSize', `${protocol.batchSize} is not the plan's endurance batch ${batchSize}`);
  if ((protocol.then === 'batch') !== (protocol.thenBatch !== undefined))
    fail('protocol.thenBatch', "is set exactly when 'then' is 'batch'");
  const times = e.batterySamples.map((s) => s.tMs);
  if (times.some((t, i) => i > 0 && t < (times[i - 1] as number))) fail('batterySamples', 'are not in time order');
  if (e.batterySamples.some((s) => Math.abs(s.level * 100 - Math.round(s.level * 100)) > 1e-6))
    fail('batterySamples', 'hold a level that is not a whole percent, as the Battery Status API reports');
  if (e.joulesPerItem.modelled.label !== 'modelled') fail('joulesPerItem.modelled.label', "is not 'modelled'");
}

/** A result's energy section checked against its plan and recomputed (nothing to do without one). */
export function verifyResultEnergy(r: RunResult): void {
  if (r.energy && !r.plan.endurance)
    throw new VerificationError('energy', 'energy: an energy section without an endurance run in the plan');
  if (r.energy) verifyEnergy(r.energy, r.plan.endurance?.batch ?? null);
}

/** The section with its figures recomputed, or a VerificationError naming the first that does not follow. */
export function verifyEnergy(e: EnergySection, planBatch: number | null): EnergySection {
  checkRecord(e, planBatch);
  const recomputed = energyFigures(e);
  const sent = { summary: e.summary, drain: e.drain, derived: e.joulesPerItem.derived };
  const diff = differences(sent, recomputed, 'energy');
  if (diff.length > 0) {
    const path = diff[0] as string;
    throw new VerificationError(path, `${path} does not follow from the windows and battery readings`);
  }
  return e;
}
