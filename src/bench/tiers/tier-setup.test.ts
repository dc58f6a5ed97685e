import { describe, expect, it } from 'vitest';
import { sampleResult } from '../testing/sample-result.ts';
import { buildTiers, crowdCurves, curveOf, defaultAssumptions, sweepBatches } from './tier-setup.ts';

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
      { deviceClass: 'x', batchSize: 1, medianOfMediansMs: 2, count: 3 },
      { deviceClass: 'x', batchSize: 2, medianOfMediansMs: 3, count: 2 },
    ]);
    expect(crowd[0]).toMatchObject({ deviceClass: 'x', n: 3 });
    const withCrowd = buildTiers({ ...a, edge: { ...a.edge, compute: 'crowd', crowdClass: 'x' } }, crowd);
    expect(withCrowd[1]?.compute.kind).toBe('curve');
  });
});
