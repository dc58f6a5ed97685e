import { describe, expect, it } from 'vitest';
import type { CrossoverRow, Tier } from '../../bench/tiers/tier-model.ts';
import { crossoverSpec, splitBarsSpec, tierBarsSpec } from './tier-chart-specs.ts';

const tiers = [
  { id: 'mobile', name: 'this device' },
  { id: 'edge', name: 'the edge' },
] as Tier[];
const lat = (tier: string, total: number) => ({
  tier,
  computeMs: total - 3,
  uplinkMs: 1,
  downlinkMs: 1,
  rttMs: 1,
  queueMs: 0,
  totalMs: total,
});

describe('tier chart specs', () => {
  it('stacks each tier by part', () => {
    const s = tierBarsSpec([lat('mobile', 10), lat('edge', 8)], tiers);
    expect(s.categories).toEqual(['this device', 'the edge']);
    expect(s.parts.map((p) => p.label)).toEqual(['compute', 'uplink', 'round trip', 'queueing', 'downlink']);
    expect(s.parts[0]?.values).toEqual([7, 5]);
  });

  it('draws one total-latency line per tier', () => {
    const rows: CrossoverRow[] = [
      { batch: 1, latencies: [lat('mobile', 3), lat('edge', 8)], winner: 'mobile' },
      { batch: 2, latencies: [lat('mobile', 9), lat('edge', 8)], winner: 'edge' },
    ];
    const s = crossoverSpec(rows, tiers);
    expect(s.series.map((x) => x.points.map((p) => p.y))).toEqual([
      [3, 9],
      [8, 8],
    ]);
    expect(s.xTicks).toEqual([1, 2]);
  });

  it('names split points by where the layers run', () => {
    const row = (layer: number) => ({
      layer,
      headMs: layer,
      tailMs: 1,
      uplinkMs: 0,
      downlinkMs: 0,
      rttMs: 0,
      totalMs: layer + 1,
      upBytes: 0,
    });
    expect(splitBarsSpec([row(0), row(2), row(4)], 4).categories).toEqual(['all at the edge', '2 of 4 layers here', 'all here']);
  });
});
