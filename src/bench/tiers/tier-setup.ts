// The tier page's assumptions (main thread, pure): defaults from a run, the tiers they make, and crowd curves by
// device class. Every figure carries where it came from: measured here, crowd median of n results, or typed in.
import type { LatencyCurve, NetworkProfile, Payload, Tier } from './tier-model.ts';
import { NETWORK_PROFILES } from './tier-model.ts';
import type { AggregateRow } from '../../shared/results-api.ts';
import type { RunResult } from '../../shared/run-result.ts';
import { osFamily } from '../../shared/device-buckets.ts';
import { deviceClassOf } from '../energy/constants.ts';
import type { EnergyAssumptions } from './tier-energy.ts';

export type NetworkKey = keyof typeof NETWORK_PROFILES;

export interface TierAssumptions {
  networkKey: NetworkKey;
  network: NetworkProfile;
  edge: { compute: 'factor' | 'crowd'; factor: number; crowdClass: string | null; windowMs: number; hourlyPrice: number };
  /** The cloud is reached over the same access network plus `extraRttMs` to a distant region. */
  cloud: { factor: number; extraRttMs: number; windowMs: number; hourlyPrice: number };
  payload: Payload;
  /** Batch size of the stacked bars and the cost figures. */
  batch: number;
  /** The modelled energy's device class (its power range) and whether each request pays the radio's tail. */
  energy: EnergyAssumptions;
}

/** This run's latency curve: the median per batch size and the fit. */
export function curveOf(result: RunResult): LatencyCurve {
  return {
    points: result.points.map((p) => ({ batch: p.batchSize, ms: p.stats.median })),
    fixedMs: result.fit.fixedMs,
    perItemMs: result.fit.perItemMs,
  };
}

/** The rows of one comparability key: the key with the most results behind it (its classes' largest counts added up);
 *  ties go to the first key in id order. Rows of several keys are never one curve. */
export function rowsOfOneKey(rows: readonly AggregateRow[]): AggregateRow[] {
  const weight = new Map<string, Map<string, number>>();
  for (const r of rows) {
    const classes = weight.get(r.key) ?? new Map<string, number>();
    classes.set(r.deviceClass, Math.max(classes.get(r.deviceClass) ?? 0, r.count));
    weight.set(r.key, classes);
  }
  const total = (k: string) => [...(weight.get(k)?.values() ?? [])].reduce((a, b) => a + b, 0);
  const [best] = [...weight.keys()].sort((a, b) => total(b) - total(a) || a.localeCompare(b));
  return rows.filter((r) => r.key === best);
}

/** Crowd curves per device class from aggregate rows (median of medians) of one key (`rowsOfOneKey`), with the most
 *  results behind each. */
export function crowdCurves(rows: readonly AggregateRow[]): { deviceClass: string; n: number; curve: LatencyCurve }[] {
  const by = new Map<string, AggregateRow[]>();
  for (const r of rowsOfOneKey(rows)) by.set(r.deviceClass, [...(by.get(r.deviceClass) ?? []), r]);
  return [...by.entries()]
    .map(([deviceClass, rs]) => ({
      deviceClass,
      n: Math.max(...rs.map((r) => r.count)),
      curve: { points: rs.map((r) => ({ batch: r.batchSize, ms: r.medianOfMediansMs })), fixedMs: null, perItemMs: null },
    }))
    .sort((a, b) => b.n - a.n || a.deviceClass.localeCompare(b.deviceClass));
}

/** Starting assumptions for `result`: Wi-Fi, an edge 4× and a cloud 20× this device, payload from the run. */
export function defaultAssumptions(result: RunResult): TierAssumptions {
  const outputs = result.plan.generation?.newTokens ?? result.model.outputs[0]?.shape.at(-1);
  const largest = Math.max(...result.points.map((p) => p.batchSize));
  return {
    networkKey: 'wifi',
    network: { ...NETWORK_PROFILES.wifi },
    edge: { compute: 'factor', factor: 4, crowdClass: null, windowMs: 5, hourlyPrice: 0.5 },
    cloud: { factor: 20, extraRttMs: 40, windowMs: 10, hourlyPrice: 2 },
    payload: {
      tokensPerItem: Math.round(result.inputs.tokensPerSampleMean),
      bytesPerToken: 4,
      outputsPerItem: typeof outputs === 'number' && outputs > 0 ? outputs : 1,
      bytesPerOutput: 4,
      overheadBytes: 400,
    },
    batch: Math.min(8, largest),
    energy: { deviceClass: deviceClassOf(osFamily(result.environment.userAgent, result.environment.platform)), tail: true },
  };
}

/** The three tiers the assumptions describe. */
export function buildTiers(a: TierAssumptions, crowd: readonly { deviceClass: string; curve: LatencyCurve }[]): Tier[] {
  const crowdCurve = a.edge.compute === 'crowd' ? crowd.find((c) => c.deviceClass === a.edge.crowdClass)?.curve : undefined;
  return [
    { id: 'mobile', name: 'this device', compute: { kind: 'measured' }, network: null, batchWindowMs: 0, hourlyPrice: null },
    {
      id: 'edge',
      name: 'the edge',
      compute: crowdCurve ? { kind: 'curve', curve: crowdCurve } : { kind: 'factor', factor: a.edge.factor },
      network: a.network,
      batchWindowMs: a.edge.windowMs,
      hourlyPrice: a.edge.hourlyPrice,
    },
    {
      id: 'cloud',
      name: 'the cloud',
      compute: { kind: 'factor', factor: a.cloud.factor },
      network: {
        ...a.network,
        name: `${a.network.name} + ${a.cloud.extraRttMs} ms to the region`,
        rttMs: a.network.rttMs + a.cloud.extraRttMs,
      },
      batchWindowMs: a.cloud.windowMs,
      hourlyPrice: a.cloud.hourlyPrice,
    },
  ];
}

/** Batch sizes to compare tiers at: the measured ones and powers of two up to 256. */
export function sweepBatches(result: RunResult): number[] {
  const pow2 = Array.from({ length: 9 }, (_, i) => 2 ** i);
  return [...new Set([...result.points.map((p) => p.batchSize), ...pow2])].sort((x, y) => x - y);
}
