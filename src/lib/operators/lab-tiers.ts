// The tiers the operators lab compares on (main thread, pure): this device as measured, an edge and a cloud some
// factor faster (4× and 20× over Wi-Fi by default, the Tiers page's defaults), with the payload of the lab's inputs; and a Pareto chart per tier.
import type { TierLatency, Tier } from '../../bench/tiers/tier-model.ts';
import { NETWORK_PROFILES } from '../../bench/tiers/tier-model.ts';
import type { ScatterSpec } from '../ui/chart-spec.ts';
import { buildTiers, type NetworkKey, type TierAssumptions } from '../tiers/tier-setup.ts';
import { qualityOf, type LabMeasure } from './lab-analysis.ts';

/** The tiers' knobs the lab page offers: the network, and how much faster the edge and the cloud compute. */
export interface LabTierSettings {
  network: NetworkKey;
  edgeFactor: number;
  cloudFactor: number;
}

export const DEFAULT_LAB_TIERS: LabTierSettings = { network: 'wifi', edgeFactor: 4, cloudFactor: 20 };

export function labAssumptions(
  tokensPerItem: number,
  outputsPerItem: number,
  batch: number,
  t: LabTierSettings = DEFAULT_LAB_TIERS,
): TierAssumptions {
  return {
    networkKey: t.network,
    network: { ...NETWORK_PROFILES[t.network] },
    edge: { compute: 'factor', factor: t.edgeFactor > 0 ? t.edgeFactor : 1, crowdClass: null, windowMs: 5, hourlyPrice: 0.5 },
    cloud: { factor: t.cloudFactor > 0 ? t.cloudFactor : 1, extraRttMs: 40, windowMs: 10, hourlyPrice: 2 },
    payload: { tokensPerItem, bytesPerToken: 4, outputsPerItem, bytesPerOutput: 4, overheadBytes: 400 },
    batch,
  };
}

export const labTiers = (a: TierAssumptions): Tier[] => buildTiers(a, []);

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
