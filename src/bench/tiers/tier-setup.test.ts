import { describe, expect, it } from 'vitest';
import { sampleResult } from '../testing/sample-result.ts';
import { buildTiers, crowdCurves, rowsOfOneKey, curveOf, defaultAssumptions, sweepBatches } from './tier-setup.ts';

describe('tier setup', () => {
  const r = sampleResult();

  it('takes the curve and the payload from the run', () => {
    expect(curveOf(r).points).toEqual(r.points.map((p) => ({ batch: p.batchSize, ms: p.stats.median })));
    const a = defaultAssumptions(r);
    expect(a.payload.tokensPerItem).toBe(Math.round(r.inputs.tokensPerSampleMean));
    expect(a.batch).toBe(2);
    expect(sweepBatches(r)).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256]);
  });

  it('builds three tiers; the cloud adds its extra round trip; a chosen crowd class drives the edge', () => {
    const a = defaultAssumptions(r);
    const [mobile, edge, cloud] = buildTiers(a, []);
    expect(mobile?.network).toBeNull();
    expect(edge?.compute).toEqual({ kind: 'factor', factor: 4 });
    expect(cloud?.network?.rttMs).toBe(a.network.rttMs + 40);
    const crowd = crowdCurves([
      { key: 'k', work: null, deviceClass: 'x', batchSize: 1, medianOfMediansMs: 2, ci95: null, count: 3, sources: 3 },
      { key: 'k', work: null, deviceClass: 'x', batchSize: 2, medianOfMediansMs: 3, ci95: null, count: 2, sources: 2 },
    ]);
    expect(crowd[0]).toMatchObject({ deviceClass: 'x', n: 3 });
    const withCrowd = buildTiers({ ...a, edge: { ...a.edge, compute: 'crowd', crowdClass: 'x' } }, crowd);
    expect(withCrowd[1]?.compute.kind).toBe('curve');
  });

  it('makes a crowd curve from one comparability key only: the one with the most results', () => {
    const row = (key: string, deviceClass: string, batchSize: number, ms: number, count: number) => ({
      key,
      work: null,
      deviceClass,
      batchSize,
      medianOfMediansMs: ms,
      ci95: null,
      count,
      sources: count,
    });
    const rows = [
      row('seq32', 'x', 1, 1, 9),
      row('seq128', 'x', 1, 10, 4),
      row('seq128', 'y', 1, 12, 4),
      row('seq128', 'y', 2, 20, 3),
    ];
    // seq128 has 4 + 4 results behind it, seq32 9: seq32 wins, and seq128's rows are not mixed in.
    const curves = crowdCurves(rows);
    expect(curves).toHaveLength(1);
    expect(curves[0]?.curve.points).toEqual([{ batch: 1, ms: 1 }]);
    expect(rowsOfOneKey([...rows, row('seq128', 'z', 1, 9, 2)]).map((r) => r.key)).toEqual([
      'seq128',
      'seq128',
      'seq128',
      'seq128',
    ]);
    expect(rowsOfOneKey([])).toEqual([]);
  });
});
