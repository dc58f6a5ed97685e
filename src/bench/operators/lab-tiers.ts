// The tiers the operators lab compares on (main thread, pure): this device as measured, an edge and a cloud some
// factor faster (4× and 20× over Wi-Fi by default, the Tiers page's defaults), with the payload of the lab's inputs.
import type { LatencyCurve, Tier } from '../tiers/tier-model.ts';
import { latencyAt, NETWORK_PROFILES } from '../tiers/tier-model.ts';
import { buildTiers, type NetworkKey, type TierAssumptions } from '../tiers/tier-setup.ts';
import type { EnergyAssumptions } from '../tiers/tier-energy.ts';

/** The tiers' knobs the lab page offers: the network, and how much faster the edge and the cloud compute. */
export interface LabTierSettings {
  network: NetworkKey;
  edgeFactor: number;
  cloudFactor: number;
  /** A crowd device class whose measured median sets the edge's speed instead of `edgeFactor`; null: the factor. */
  edgeCrowd: string | null;
}

export const DEFAULT_LAB_TIERS: LabTierSettings = { network: 'wifi', edgeFactor: 4, cloudFactor: 20, edgeCrowd: null };

export type CrowdCurve = { deviceClass: string; n: number; curve: LatencyCurve };

/**
 * How much faster a crowd device class runs the base model than this device, at `batch`: the class's median of
 * medians for the catalog model's fp32 file on the same backend over this device's fp32 median. The lab applies it
 * to every variant (the crowd has measured the catalog files, not the lab's variants).
 */
export function crowdEdgeFactor(
  crowd: readonly CrowdCurve[],
  deviceClass: string | null,
  base: LatencyCurve | null,
  batch: number,
): { factor: number; note: string } | null {
  const c = crowd.find((x) => x.deviceClass === deviceClass);
  if (!c || !base) return null;
  const here = latencyAt(base, batch);
  const there = latencyAt(c.curve, batch);
  if (!(here > 0) || !(there > 0)) return null;
  const factor = here / there;
  return {
    factor,
    note: `the edge is the crowd's ${c.deviceClass} class (median of ${c.n} result${c.n === 1 ? '' : 's'} for this model's fp32 file): ${factor.toFixed(2)}× this device at batch ${batch}`,
  };
}

export function labAssumptions(
  tokensPerItem: number,
  outputsPerItem: number,
  batch: number,
  t: LabTierSettings = DEFAULT_LAB_TIERS,
  edgeFactor: number = t.edgeFactor,
  energy: EnergyAssumptions = { deviceClass: 'laptop', tail: true },
): TierAssumptions {
  return {
    networkKey: t.network,
    network: { ...NETWORK_PROFILES[t.network] },
    edge: { compute: 'factor', factor: edgeFactor > 0 ? edgeFactor : 1, crowdClass: null, windowMs: 5, hourlyPrice: 0.5 },
    cloud: { factor: t.cloudFactor > 0 ? t.cloudFactor : 1, extraRttMs: 40, windowMs: 10, hourlyPrice: 2 },
    payload: { tokensPerItem, bytesPerToken: 4, outputsPerItem, bytesPerOutput: 4, overheadBytes: 400 },
    batch,
    energy,
  };
}

export const labTiers = (a: TierAssumptions): Tier[] => buildTiers(a, []);

/** The networks the cloud claim is decided over, slowest first. */
export const NETWORK_SWEEP: readonly NetworkKey[] = ['3g', '4g', '5g', 'wifi', 'wired'];

/** The cloud tier over each network of the sweep, with everything else as the page's settings. */
export function cloudSweep(
  tokensPerItem: number,
  outputsPerItem: number,
  batch: number,
  t: LabTierSettings,
): { network: string; cloud: Tier }[] {
  return NETWORK_SWEEP.map((network) => ({
    network: NETWORK_PROFILES[network].name,
    cloud: labTiers(labAssumptions(tokensPerItem, outputsPerItem, batch, { ...t, network })).find(
      (x) => x.id === 'cloud',
    ) as Tier,
  }));
}
