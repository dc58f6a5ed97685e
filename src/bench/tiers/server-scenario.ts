// The server scenario (pure; runs everywhere): requests arrive as a Poisson process and a server batches them
// (up to a maximum batch, waiting at most a window for it to fill) and serves each batch in the time the measured
// latency curve gives; the latency percentiles that follow, and the highest rate that meets a bound, in the spirit
// of MLPerf Inference's server scenario.
import { quantile } from '../stats.ts';

export interface BatchingPolicy {
  maxBatch: number;
  /** How long the oldest waiting request may wait for the batch to fill, ms. */
  windowMs: number;
}

export interface ServerRun {
  ratePerS: number;
  requests: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  meanBatch: number;
  /** Fraction of the time the server was busy. */
  utilization: number;
}

/** A small seeded generator (mulberry32), so a scenario gives the same answer every time. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Arrival times (ms) of `n` requests at `ratePerS` on average, exponential gaps. */
export function poissonArrivals(n: number, ratePerS: number, random: () => number): Float64Array {
  const out = new Float64Array(n);
  let t = 0;
  for (let i = 0; i < n; i++) {
    t += (-Math.log(1 - random()) / ratePerS) * 1000;
    out[i] = t;
  }
  return out;
}

/**
 * Serves `arrivals` (ascending, ms) with `policy`; `serviceMs(batch)` is the time to serve a batch. A batch starts
 * when the server is free and either maxBatch requests wait or the oldest has waited windowMs. The first 10% of
 * requests are left out of the percentiles as warm-up.
 */
export function serve(
  arrivals: Float64Array,
  policy: BatchingPolicy,
  serviceMs: (batch: number) => number,
): Omit<ServerRun, 'ratePerS'> {
  const n = arrivals.length;
  const latencies: number[] = [];
  let free = 0;
  let busy = 0;
  let batches = 0;
  let i = 0;
  while (i < n) {
    const oldest = arrivals[i] as number;
    const earliest = Math.max(free, oldest);
    const fullAt = i + policy.maxBatch - 1 < n ? (arrivals[i + policy.maxBatch - 1] as number) : Infinity;
    const start = Math.max(earliest, Math.min(oldest + policy.windowMs, fullAt));
    let j = i;
    while (j < n && j - i < policy.maxBatch && (arrivals[j] as number) <= start) j++;
    const size = j - i;
    const took = serviceMs(size);
    const end = start + took;
    for (let k = i; k < j; k++) latencies.push(end - (arrivals[k] as number));
    busy += took;
    batches++;
    free = end;
    i = j;
  }
  const kept = latencies.slice(Math.floor(n / 10));
  const span = free - (arrivals[0] ?? 0);
  return {
    requests: n,
    p50Ms: quantile(kept, 0.5),
    p99Ms: quantile(kept, 0.99),
    meanMs: kept.reduce((a, b) => a + b, 0) / Math.max(1, kept.length),
    meanBatch: n / Math.max(1, batches),
    utilization: span > 0 ? Math.min(1, busy / span) : 0,
  };
}

/** One scenario: `requests` Poisson arrivals at `ratePerS`, seeded. */
export function simulateServer(
  ratePerS: number,
  policy: BatchingPolicy,
  serviceMs: (batch: number) => number,
  requests = 20_000,
  seed = 1,
): ServerRun {
  return { ratePerS, ...serve(poissonArrivals(requests, ratePerS, seededRandom(seed)), policy, serviceMs) };
}

/** Requests per second the server can finish at most: full batches back to back. */
export function capacityPerS(policy: BatchingPolicy, serviceMs: (batch: number) => number): number {
  return (policy.maxBatch / serviceMs(policy.maxBatch)) * 1000;
}

/**
 * The highest arrival rate whose p99 stays within `boundMs` (bisection between 0 and capacity, same seed each
 * time), with that run; null when even a trickle of requests misses the bound.
 */
export function maxRateWithin(
  boundMs: number,
  policy: BatchingPolicy,
  serviceMs: (batch: number) => number,
  requests = 20_000,
  seed = 1,
): ServerRun | null {
  const cap = capacityPerS(policy, serviceMs);
  let lo = 0;
  let hi = cap;
  const low = simulateServer(cap * 0.001, policy, serviceMs, requests, seed);
  if (low.p99Ms > boundMs) return null;
  let best: ServerRun = low;
  for (let step = 0; step < 30 && hi - lo > cap * 1e-3; step++) {
    const mid = (lo + hi) / 2;
    const run = simulateServer(mid, policy, serviceMs, requests, seed);
    if (run.p99Ms <= boundMs) {
      lo = mid;
      best = run;
    } else hi = mid;
  }
  return best;
}
