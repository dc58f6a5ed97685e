// Simulated devices for the protocol's simulation tests (pure, seeded): stationary lognormal and bimodal latency.
import { mulberry32 } from '../bootstrap.ts';
import { erfc } from '../drift.ts';

export interface LatencyModel {
  name: string;
  /** The distribution's true median, ms. */
  median: number;
  /** Draws one latency, ms. */
  draw: () => number;
}

/** Standard normal draws by Box-Muller from a seeded uniform source. */
export function normalSource(seed: number): () => number {
  const random = mulberry32(seed);
  return () => {
    let u = 0;
    while (u === 0) u = random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  };
}

/** Lognormal latency with median `medianMs` and log-scale spread `sigma` (0.3 is an ordinary phone). */
export function lognormal(medianMs: number, sigma: number, seed: number): LatencyModel {
  const normal = normalSource(seed);
  return { name: `lognormal σ=${sigma} at ${medianMs} ms`, median: medianMs, draw: () => medianMs * Math.exp(sigma * normal()) };
}

const normalCdf = (z: number): number => erfc(-z / Math.SQRT2) / 2;

/**
 * Thermal-throttling-like latency: a fraction `slowShare` of runs at `slowFactor` times the fast mode, each mode
 * lognormal with spread `sigma`. Its true median is found by bisection on the mixture's distribution function.
 */
export function bimodal(fastMs: number, seed: number, slowShare = 0.4, slowFactor = 1.3, sigma = 0.08): LatencyModel {
  const normal = normalSource(seed);
  const random = mulberry32(seed ^ 0x9e3779b9);
  const cdf = (x: number): number =>
    (1 - slowShare) * normalCdf(Math.log(x / fastMs) / sigma) +
    slowShare * normalCdf(Math.log(x / (fastMs * slowFactor)) / sigma);
  let lo = fastMs / 2;
  let hi = fastMs * slowFactor * 2;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (cdf(mid) < 0.5) lo = mid;
    else hi = mid;
  }
  return {
    name: `bimodal (${slowShare * 100}% at ${slowFactor}×) at ${fastMs} ms`,
    median: (lo + hi) / 2,
    draw: () => (random() < slowShare ? fastMs * slowFactor : fastMs) * Math.exp(sigma * normal()),
  };
}
