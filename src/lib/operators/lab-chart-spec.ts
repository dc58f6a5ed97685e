// The operators lab's chart per tier (main thread, pure): quality against total latency, the Pareto front strong.
import type { Tier, TierLatency } from '../../bench/tiers/tier-model.ts';
import { qualityOf, type LabMeasure } from '../../bench/operators/lab-analysis.ts';
import type { ScatterSpec } from '../ui/chart-spec.ts';

/** Quality against total latency on one tier, the front strong and the rest faint. */
export function tierParetoSpec(
  measures: readonly LabMeasure[],
  tier: Tier,
  matrix: Map<string, TierLatency[]>,
  front: Set<string>,
  usesAccuracy: boolean,
): ScatterSpec {
  const point = (m: LabMeasure) => {
    const total = matrix.get(m.id)?.find((l) => l.tier === tier.id)?.totalMs ?? 0;
    return {
      x: total,
      y: qualityOf(m) * 100,
      radius: 6,
      tooltip: [
        m.label,
        `${total.toFixed(2)} ms on ${tier.name}`,
        `${usesAccuracy ? 'accuracy' : 'agreement'} ${(qualityOf(m) * 100).toFixed(1)}%`,
      ],
    };
  };
  return {
    xLabel: `total latency on ${tier.name} (ms)`,
    yLabel: usesAccuracy ? 'accuracy (%)' : 'argmax agreement with fp32 (%)',
    xLog: false,
    yMin: 0,
    yMax: 100,
    groups: [
      { label: 'on the Pareto front', color: '#2563eb', points: measures.filter((m) => front.has(m.id)).map(point) },
      { label: 'dominated', color: '#94a3b8', dimmed: true, points: measures.filter((m) => !front.has(m.id)).map(point) },
    ],
  };
}
