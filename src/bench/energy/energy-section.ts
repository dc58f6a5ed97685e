// An endurance run's figures from its raw record (pure; the app builds them, the server recomputes them): the
// stability summary of the loaded phase, battery drain under load and idle with A − B, and derived joules.
import type { EnergySection } from '../../shared/energy-result.ts';
import { drainDifference, drainRate, DrainError, derivedJoulesPerItem, type DrainEstimate } from './drain.ts';
import { summarizeEndurance } from './endurance.ts';

export type EnergyRecord = Pick<EnergySection, 'protocol' | 'windows' | 'batterySamples' | 'batteryUnusable' | 'wattHours'>;
export type EnergyFigures = Pick<EnergySection, 'summary' | 'drain'> & { derived: EnergySection['joulesPerItem']['derived'] };

/** Drain over a phase's windows (their first start to their last end), or null when it cannot be had. */
function phaseDrain(r: EnergyRecord, phase: 'A' | 'B'): DrainEstimate | null {
  const ws = r.windows.filter((w) => w.phase === phase);
  const first = ws[0];
  const last = ws.at(-1);
  if (!first || !last) return null;
  try {
    return drainRate(
      r.batterySamples,
      first.startMs,
      last.endMs,
      ws.reduce((s, w) => s + w.items, 0),
    );
  } catch (err) {
    if (err instanceof DrainError) return null;
    throw err;
  }
}

export function energyFigures(r: EnergyRecord): EnergyFigures {
  const loaded = r.windows.filter((w) => w.phase === 'A');
  const s = summarizeEndurance(loaded);
  const summary = {
    throughput: s.throughput,
    stability: s.stability,
    stable: s.stable,
    firstDropMs: s.firstDropMs,
    throttled: s.throttled,
  };
  if (r.batteryUnusable !== null) return { summary, drain: null, derived: null };
  const a = phaseDrain(r, 'A');
  const b = phaseDrain(r, 'B');
  const items = loaded.reduce((n, w) => n + w.items, 0);
  return {
    summary,
    drain: { a, b, difference: a && b ? drainDifference(a, b) : null },
    derived: a && r.wattHours ? derivedJoulesPerItem(a, r.wattHours.value, items, r.wattHours.source) : null,
  };
}
