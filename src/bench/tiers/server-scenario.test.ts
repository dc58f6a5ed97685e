import { describe, expect, it } from 'vitest';
import { capacityPerS, maxRateWithin, poissonArrivals, seededRandom, serve, simulateServer } from './server-scenario.ts';

const oneByOne = { maxBatch: 1, windowMs: 0 };

describe('poissonArrivals', () => {
  it('has the requested mean rate', () => {
    const a = poissonArrivals(100_000, 50, seededRandom(7));
    expect(100_000 / ((a[a.length - 1] as number) / 1000)).toBeCloseTo(50, 0);
  });
});

describe('serve', () => {
  it('a lone request takes just the service time', () => {
    const r = serve(Float64Array.from([0, 1000, 2000]), oneByOne, () => 5);
    expect(r.p50Ms).toBe(5);
    expect(r.meanBatch).toBe(1);
  });

  it('a request that comes alone waits the whole window before its batch starts', () => {
    const r = serve(Float64Array.from([0, 1000, 2000, 3000]), { maxBatch: 8, windowMs: 10 }, (b) => 2 + b);
    expect(r.p50Ms).toBe(13);
  });

  it('a full batch starts without waiting for the window', () => {
    const r = serve(Float64Array.from([0, 1, 2, 3]), { maxBatch: 4, windowMs: 100 }, () => 10);
    expect(r.meanBatch).toBe(4);
    // The batch starts at 3 ms (the fourth arrival) and ends at 13 ms: latencies 13, 12, 11 and 10 ms.
    expect(r.p50Ms).toBe(11.5);
    expect(r.p99Ms).toBeCloseTo(13, 1);
  });

  it('matches the M/D/1 queue: mean latency D + ρD / (2(1 − ρ))', () => {
    const D = 10;
    for (const rate of [30, 60, 80]) {
      const rho = (rate * D) / 1000;
      const expected = D + (rho * D) / (2 * (1 - rho));
      const run = simulateServer(rate, oneByOne, () => D, 200_000, 3);
      expect(run.meanMs / expected, `rate ${rate}`).toBeGreaterThan(0.95);
      expect(run.meanMs / expected, `rate ${rate}`).toBeLessThan(1.05);
      expect(run.utilization).toBeCloseTo(rho, 1);
    }
  });
});

describe('maxRateWithin', () => {
  const service = (b: number) => 4 + 1 * b;
  const policy = { maxBatch: 8, windowMs: 5 };

  it('finds a rate whose p99 meets the bound while a little more does not', () => {
    const best = maxRateWithin(60, policy, service);
    expect(best).not.toBeNull();
    expect(best!.p99Ms).toBeLessThanOrEqual(60);
    expect(simulateServer(best!.ratePerS * 1.1, policy, service).p99Ms).toBeGreaterThan(60);
    expect(best!.ratePerS).toBeLessThan(capacityPerS(policy, service));
  });

  it('is null when a single request already misses the bound', () => {
    expect(maxRateWithin(5, policy, service)).toBeNull();
  });
});
