// The tier model (pure; runs everywhere): end-to-end latency of running a model on this device (mobile), at the edge
// or in the cloud, from this device's measured latency curve, a compute profile per remote tier, the network and the
// payload; the crossovers between tiers; and cloud cost per 1,000 inferences.
import { PlanError } from '../../shared/errors.ts';

export interface CurvePoint {
  batch: number;
  ms: number;
}

/** A latency-versus-batch curve: measured points, with the linear fit used beyond them. */
export interface LatencyCurve {
  points: CurvePoint[];
  fixedMs: number | null;
  perItemMs: number | null;
}

/**
 * Latency at `batch`: a measured point when there is one, linear interpolation between measured neighbours, and
 * beyond the measured range the fit (or the slope of the last two points). A falling slope there is noise (more
 * items never take less time), so the curve stays flat beyond the measured range rather than falling to zero.
 */
export function latencyAt(curve: LatencyCurve, batch: number): number {
  const pts = [...curve.points].sort((a, b) => a.batch - b.batch);
  if (pts.length === 0) {
    if (curve.fixedMs === null || curve.perItemMs === null)
      throw new PlanError('a tier needs a measured latency curve: this run has no batch size to build it from');
    return Math.max(0, curve.fixedMs + curve.perItemMs * batch);
  }
  const exact = pts.find((p) => p.batch === batch);
  if (exact) return exact.ms;
  const first = pts[0] as CurvePoint;
  const last = pts[pts.length - 1] as CurvePoint;
  if (batch > first.batch && batch < last.batch) {
    const hi = pts.findIndex((p) => p.batch > batch);
    const a = pts[hi - 1] as CurvePoint;
    const b = pts[hi] as CurvePoint;
    return a.ms + ((b.ms - a.ms) * (batch - a.batch)) / (b.batch - a.batch);
  }
  const edge = batch < first.batch ? first : last;
  const slope = Math.max(
    0,
    curve.perItemMs ??
      (pts.length >= 2
        ? batch < first.batch
          ? ((pts[1] as CurvePoint).ms - first.ms) / ((pts[1] as CurvePoint).batch - first.batch)
          : (last.ms - (pts[pts.length - 2] as CurvePoint).ms) / (last.batch - (pts[pts.length - 2] as CurvePoint).batch)
        : edge.ms / edge.batch),
  );
  return Math.max(0, edge.ms + slope * (batch - edge.batch));
}

export interface NetworkProfile {
  name: string;
  rttMs: number;
  upMbps: number;
  downMbps: number;
  /** Where the figures come from, shown next to them. */
  source: string;
}

/** Editable starting points. 3G, 4G and Wi-Fi are DevTools' throttling presets; 5G and wired are typical figures. */
export const NETWORK_PROFILES: Record<'3g' | '4g' | '5g' | 'wifi' | 'wired', NetworkProfile> = {
  '3g': { name: '3G', rttMs: 562.5, upMbps: 0.75, downMbps: 1.6, source: 'DevTools "3G" preset' },
  '4g': { name: '4G', rttMs: 165, upMbps: 9, downMbps: 9, source: 'DevTools "4G" preset' },
  '5g': { name: '5G', rttMs: 30, upMbps: 50, downMbps: 200, source: 'typical mid-band 5G, edit to yours' },
  wifi: { name: 'Wi-Fi', rttMs: 20, upMbps: 15, downMbps: 30, source: 'DevTools "Wi-Fi" preset' },
  wired: { name: 'wired', rttMs: 5, upMbps: 100, downMbps: 500, source: 'typical fibre, edit to yours' },
};

/** What crosses the network per request. */
export interface Payload {
  /** Tokens per item sent up (token ids). */
  tokensPerItem: number;
  bytesPerToken: number;
  /** Values per item sent down (logits, or generated token ids). */
  outputsPerItem: number;
  bytesPerOutput: number;
  /** Request and response framing (HTTP headers and the like), bytes each way. */
  overheadBytes: number;
}

export const upBytes = (p: Payload, batch: number) => p.overheadBytes + batch * p.tokensPerItem * p.bytesPerToken;
export const downBytes = (p: Payload, batch: number) => p.overheadBytes + batch * p.outputsPerItem * p.bytesPerOutput;

/** Milliseconds to move `bytes` at `mbps` megabits per second. */
export const transferMs = (bytes: number, mbps: number) => (mbps > 0 ? ((bytes * 8) / (mbps * 1e6)) * 1000 : Infinity);

export type Compute =
  | { kind: 'measured' }
  /** This device's curve divided by `factor` (4 = four times as fast as this device). */
  | { kind: 'factor'; factor: number }
  /** A curve from crowd results for the same model and variant. */
  | { kind: 'curve'; curve: LatencyCurve };

export interface Tier {
  id: string;
  name: string;
  compute: Compute;
  /** null for the device itself: nothing crosses a network. */
  network: NetworkProfile | null;
  /** Server batching window, ms: a request waits half of it on average. */
  batchWindowMs: number;
  /** Price of the machine per hour (currency units), for cost per 1,000; null when not priced. */
  hourlyPrice: number | null;
}

export interface TierLatency {
  tier: string;
  computeMs: number;
  uplinkMs: number;
  downlinkMs: number;
  rttMs: number;
  queueMs: number;
  totalMs: number;
}

export function computeMs(tier: Tier, device: LatencyCurve, batch: number): number {
  switch (tier.compute.kind) {
    case 'measured':
      return latencyAt(device, batch);
    case 'factor':
      return latencyAt(device, batch) / tier.compute.factor;
    case 'curve':
      return latencyAt(tier.compute.curve, batch);
  }
}

/** End-to-end latency of one request of `batch` items on `tier`, by part. */
export function tierLatency(tier: Tier, device: LatencyCurve, payload: Payload, batch: number): TierLatency {
  const compute = computeMs(tier, device, batch);
  if (!tier.network)
    return { tier: tier.id, computeMs: compute, uplinkMs: 0, downlinkMs: 0, rttMs: 0, queueMs: 0, totalMs: compute };
  const uplinkMs = transferMs(upBytes(payload, batch), tier.network.upMbps);
  const downlinkMs = transferMs(downBytes(payload, batch), tier.network.downMbps);
  const queueMs = tier.batchWindowMs / 2;
  const rttMs = tier.network.rttMs;
  return {
    tier: tier.id,
    computeMs: compute,
    uplinkMs,
    downlinkMs,
    rttMs,
    queueMs,
    totalMs: compute + uplinkMs + downlinkMs + rttMs + queueMs,
  };
}

export interface CrossoverRow {
  batch: number;
  latencies: TierLatency[];
  /** The tier with the lowest total latency at this batch size. */
  winner: string;
}

export function crossoverTable(
  tiers: readonly Tier[],
  device: LatencyCurve,
  payload: Payload,
  batches: readonly number[],
): CrossoverRow[] {
  return batches.map((batch) => {
    const latencies = tiers.map((t) => tierLatency(t, device, payload, batch));
    const winner = latencies.reduce((best, l) => (l.totalMs < best.totalMs ? l : best)).tier;
    return { batch, latencies, winner };
  });
}

/** Runs of consecutive batch sizes with the same winner, e.g. mobile for 1–8, then edge for 16–64. */
export function winnerRanges(rows: readonly CrossoverRow[]): { winner: string; from: number; to: number }[] {
  const out: { winner: string; from: number; to: number }[] = [];
  for (const r of rows) {
    const last = out[out.length - 1];
    if (last && last.winner === r.winner) last.to = r.batch;
    else out.push({ winner: r.winner, from: r.batch, to: r.batch });
  }
  return out;
}

/** A one-line verdict, e.g. "On 4G, run on this device up to batch 8; above that the edge wins." */
export function verdict(rows: readonly CrossoverRow[], tiers: readonly Tier[], networkName: string): string {
  const name = (id: string) => tiers.find((t) => t.id === id)?.name ?? id;
  const ranges = winnerRanges(rows);
  if (ranges.length === 0) return 'Nothing to compare.';
  const span = (r: { from: number; to: number }) => (r.from === r.to ? `batch ${r.from}` : `batches ${r.from}–${r.to}`);
  if (ranges.length === 1)
    return `On ${networkName}, ${name((ranges[0] as { winner: string }).winner)} is fastest at every batch size measured.`;
  const [first, ...rest] = ranges;
  const head = `On ${networkName}, ${name(first!.winner)} is fastest up to batch ${first!.to}`;
  return `${head}; ${rest.map((r) => `${name(r.winner)} wins at ${span(r)}`).join('; ')}.`;
}

/**
 * Cost of 1,000 inferences on a priced tier: its hourly price over the items it serves in an hour when kept busy at
 * `batch` (compute only; the network does not occupy the machine).
 */
export function costPer1000(tier: Tier, device: LatencyCurve, batch: number): number | null {
  if (tier.hourlyPrice === null) return null;
  const ms = computeMs(tier, device, batch);
  if (!(ms > 0)) return null;
  const itemsPerHour = (batch / ms) * 3_600_000;
  return (tier.hourlyPrice / itemsPerHour) * 1000;
}
