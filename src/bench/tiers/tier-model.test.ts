import { describe, expect, it } from 'vitest';
import {
  costPer1000,
  crossoverTable,
  latencyAt,
  tierLatency,
  transferMs,
  verdict,
  winnerRanges,
  type LatencyCurve,
  type Payload,
  type Tier,
} from './tier-model.ts';

/** latency = 1 + 2 × batch, measured at 1, 2, 4, 8. */
const device: LatencyCurve = {
  points: [1, 2, 4, 8].map((b) => ({ batch: b, ms: 1 + 2 * b })),
  fixedMs: 1,
  perItemMs: 2,
};
const noPayload: Payload = { tokensPerItem: 0, bytesPerToken: 0, outputsPerItem: 0, bytesPerOutput: 0, overheadBytes: 0 };
const mobile: Tier = {
  id: 'mobile',
  name: 'this device',
  compute: { kind: 'measured' },
  network: null,
  batchWindowMs: 0,
  hourlyPrice: null,
};
const edge: Tier = {
  id: 'edge',
  name: 'the edge',
  compute: { kind: 'factor', factor: 4 },
  network: { name: 'test', rttMs: 10, upMbps: 1000, downMbps: 1000, source: 'test' },
  batchWindowMs: 0,
  hourlyPrice: 3.6,
};

describe('latencyAt', () => {
  it('uses points, interpolates between them and follows the fit beyond', () => {
    expect(latencyAt(device, 4)).toBe(9);
    expect(latencyAt(device, 3)).toBe(7);
    expect(latencyAt(device, 6)).toBe(13);
    expect(latencyAt(device, 16)).toBe(33);
  });

  it('without a fit, extends the last slope', () => {
    const curve = {
      points: [
        { batch: 1, ms: 2 },
        { batch: 2, ms: 3 },
      ],
      fixedMs: null,
      perItemMs: null,
    };
    expect(latencyAt(curve, 4)).toBe(5);
  });

  it('never extrapolates a falling curve: a noisy run whose batch 2 came out faster than batch 1 stays flat beyond', () => {
    // Seen on a fixture run: medians 0.18 and 0.17 ms gave a negative per-item fit, and batch 8 and up showed 0 ms.
    const noisy = {
      points: [
        { batch: 1, ms: 0.18 },
        { batch: 2, ms: 0.17 },
      ],
      fixedMs: 0.19,
      perItemMs: -0.01,
    };
    expect(latencyAt(noisy, 256)).toBe(0.17);
    expect(latencyAt({ ...noisy, perItemMs: null }, 64)).toBe(0.17);
  });
});

describe('tierLatency', () => {
  it('adds uplink, downlink, round trip and half the batching window to compute', () => {
    const payload: Payload = { tokensPerItem: 128, bytesPerToken: 4, outputsPerItem: 5, bytesPerOutput: 4, overheadBytes: 500 };
    const slow: Tier = { ...edge, network: { name: '4G', rttMs: 165, upMbps: 9, downMbps: 9, source: 't' }, batchWindowMs: 20 };
    const l = tierLatency(slow, device, payload, 8);
    // Up: 500 + 8 × 128 × 4 = 4,596 bytes at 9 Mbit/s = 4.0853 ms; down: 500 + 160 = 660 bytes = 0.5867 ms.
    expect(l.uplinkMs).toBeCloseTo(4.0853, 4);
    expect(l.downlinkMs).toBeCloseTo(0.5867, 4);
    expect(l.computeMs).toBe(17 / 4);
    expect(l.queueMs).toBe(10);
    expect(l.totalMs).toBeCloseTo(17 / 4 + 4.0853 + 0.5867 + 165 + 10, 3);
    expect(transferMs(1e6, 8)).toBe(1000);
  });
});

describe('crossover', () => {
  it('finds the analytical crossover: 1 + 2b = 10 + (1 + 2b) / 4 at b = 6.17', () => {
    const rows = crossoverTable([mobile, edge], device, noPayload, [1, 2, 4, 6, 7, 8, 16]);
    expect(rows.map((r) => r.winner)).toEqual(['mobile', 'mobile', 'mobile', 'mobile', 'edge', 'edge', 'edge']);
    expect(winnerRanges(rows)).toEqual([
      { winner: 'mobile', from: 1, to: 6 },
      { winner: 'edge', from: 7, to: 16 },
    ]);
    expect(verdict(rows, [mobile, edge], '5G')).toBe(
      'On 5G, this device is fastest up to batch 6; the edge wins at batches 7–16.',
    );
  });

  it('a slower network moves the crossover to larger batches', () => {
    const far: Tier = { ...edge, network: { ...edge.network!, rttMs: 30 } };
    // 0.75 (1 + 2b) = 30 → b = 19.5
    const rows = crossoverTable([mobile, far], device, noPayload, [8, 16, 19, 20, 32]);
    expect(winnerRanges(rows)[0]).toEqual({ winner: 'mobile', from: 8, to: 19 });
  });

  it('says so when one tier wins everywhere', () => {
    const rows = crossoverTable([mobile, edge], device, noPayload, [1, 2]);
    expect(verdict(rows, [mobile, edge], '3G')).toBe('On 3G, this device is fastest at every batch size measured.');
  });
});

describe('costPer1000', () => {
  it('prices the items a busy machine serves in an hour', () => {
    // Edge at batch 8: 17 / 4 = 4.25 ms per batch → 8 / 4.25 ms × 3.6e6 ms = 6.776e6 items/h; 3.6 / 6.776e6 × 1000.
    expect(costPer1000(edge, device, 8)).toBeCloseTo((3.6 / ((8 / 4.25) * 3_600_000)) * 1000, 12);
    expect(costPer1000(mobile, device, 8)).toBeNull();
  });
});
