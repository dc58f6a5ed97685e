// Chart specifications of the tier page (main thread, pure): latency by part per tier, total latency per tier
// against batch size, and latency by part per split point.
import type { SplitRow } from '../../bench/tiers/split.ts';
import type { CrossoverRow, Tier, TierLatency } from '../../bench/tiers/tier-model.ts';
import type { ChartSpec, StackedBarSpec } from '../ui/chart-spec.ts';

export const TIER_COLORS: Record<string, string> = { mobile: '#2563eb', edge: '#047857', cloud: '#9333ea' };
const PART_COLORS = {
  compute: '#2563eb',
  uplink: '#f59e0b',
  rtt: '#94a3b8',
  queue: '#e11d48',
  downlink: '#0891b2',
  tail: '#047857',
};

/** One horizontal bar per tier, stacked by compute, uplink, round trip, queueing and downlink. */
export function tierBarsSpec(latencies: readonly TierLatency[], tiers: readonly Tier[]): StackedBarSpec {
  const part = (label: string, color: string, pick: (l: TierLatency) => number) => ({
    label,
    color,
    values: latencies.map(pick),
  });
  return {
    categories: latencies.map((l) => tiers.find((t) => t.id === l.tier)?.name ?? l.tier),
    parts: [
      part('compute', PART_COLORS.compute, (l) => l.computeMs),
      part('uplink', PART_COLORS.uplink, (l) => l.uplinkMs),
      part('round trip', PART_COLORS.rtt, (l) => l.rttMs),
      part('queueing', PART_COLORS.queue, (l) => l.queueMs),
      part('downlink', PART_COLORS.downlink, (l) => l.downlinkMs),
    ],
    valueLabel: 'end-to-end latency (ms)',
    horizontal: true,
  };
}

/** Total latency against batch size, one line per tier. */
export function crossoverSpec(rows: readonly CrossoverRow[], tiers: readonly Tier[]): ChartSpec {
  return {
    xLabel: 'batch size',
    yLabel: 'end-to-end latency (ms)',
    xLog: true,
    yLog: true,
    xTicks: rows.map((r) => r.batch),
    series: tiers.map((t) => ({
      label: t.name,
      color: TIER_COLORS[t.id] ?? '#64748b',
      points: rows.map((r) => ({ x: r.batch, y: Math.max(1e-3, r.latencies.find((l) => l.tier === t.id)?.totalMs ?? 0) })),
    })),
  };
}

/** One bar per split point, stacked by head (here), uplink, round trip, tail (edge) and downlink. */
export function splitBarsSpec(rows: readonly SplitRow[], layers: number): StackedBarSpec {
  const part = (label: string, color: string, pick: (r: SplitRow) => number) => ({ label, color, values: rows.map(pick) });
  return {
    categories: rows.map((r) =>
      r.layer === 0 ? 'all at the edge' : r.layer >= layers ? 'all here' : `${r.layer} of ${layers} layers here`,
    ),
    parts: [
      part('head (this device)', PART_COLORS.compute, (r) => r.headMs),
      part('uplink', PART_COLORS.uplink, (r) => r.uplinkMs),
      part('round trip', PART_COLORS.rtt, (r) => r.rttMs),
      part('tail (edge)', PART_COLORS.tail, (r) => r.tailMs),
      part('downlink', PART_COLORS.downlink, (r) => r.downlinkMs),
    ],
    valueLabel: 'end-to-end latency (ms)',
    horizontal: false,
  };
}

/** One bar per split point: this device's modelled energy (typical constants), stacked by head compute and radio. */
export function splitEnergySpec(
  rows: readonly SplitRow[],
  layers: number,
  parts: readonly { head: number; radio: number }[],
): StackedBarSpec {
  return {
    categories: rows.map((r) =>
      r.layer === 0 ? 'all at the edge' : r.layer >= layers ? 'all here' : `${r.layer} of ${layers} layers here`,
    ),
    parts: [
      { label: 'head compute (this device)', color: PART_COLORS.compute, values: parts.map((p) => p.head * 1000) },
      { label: 'radio (send, wait, receive, tail)', color: PART_COLORS.uplink, values: parts.map((p) => p.radio * 1000) },
    ],
    valueLabel: "this device's energy, modelled (mJ)",
    horizontal: false,
  };
}
