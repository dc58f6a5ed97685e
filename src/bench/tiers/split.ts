// Split execution (pure; runs everywhere): a model cut after layer k runs its head on this device and its tail at the
// edge; the intermediate tensor crosses the network. End-to-end latency per split point, as in split-computing studies.
import { transferMs, type NetworkProfile } from './tier-model.ts';

export type WireDtype = 'fp32' | 'fp16' | 'int8';
export const WIRE_BYTES: Record<WireDtype, number> = { fp32: 4, fp16: 2, int8: 1 };

/**
 * Bytes sent up after the head: the hidden states [batch, seq, hidden] in `dtype` plus the attention mask the tail
 * needs (one byte per token), plus framing.
 */
export function intermediateBytes(batch: number, seq: number, hidden: number, dtype: WireDtype, overheadBytes = 0): number {
  return overheadBytes + batch * seq * hidden * WIRE_BYTES[dtype] + batch * seq;
}

export interface SplitMeasure {
  /** Layers run on this device (0: everything remote, `layers`: everything here). */
  layer: number;
  /** Head latency measured here, ms (0 for layer 0). */
  headMs: number;
}

export interface SplitOptions {
  layers: number;
  /** The whole model on this device, ms (the same batch and sequence). */
  fullMs: number;
  /** Edge speed relative to this device (4 = four times as fast). */
  edgeFactor: number;
  network: NetworkProfile;
  batch: number;
  seq: number;
  hidden: number;
  dtype: WireDtype;
  /** Bytes of the token ids a fully remote run sends instead (layer 0). */
  inputBytes: number;
  /** Bytes of the result coming back. */
  outputBytes: number;
}

export interface SplitRow {
  layer: number;
  headMs: number;
  tailMs: number;
  uplinkMs: number;
  downlinkMs: number;
  rttMs: number;
  totalMs: number;
  upBytes: number;
}

/**
 * End-to-end latency at every split point: head here, then (unless all layers ran here) the round trip, the upload of
 * the intermediate tensor (or the inputs at layer 0), the tail at the edge — the rest of this device's time divided
 * by the edge factor — and the download of the result.
 */
export function splitTable(measures: readonly SplitMeasure[], o: SplitOptions): SplitRow[] {
  return [...measures]
    .sort((a, b) => a.layer - b.layer)
    .map(({ layer, headMs }) => {
      if (layer >= o.layers)
        return { layer, headMs, tailMs: 0, uplinkMs: 0, downlinkMs: 0, rttMs: 0, totalMs: headMs, upBytes: 0 };
      const upBytes = layer === 0 ? o.inputBytes : intermediateBytes(o.batch, o.seq, o.hidden, o.dtype);
      const tailMs = Math.max(0, o.fullMs - headMs) / o.edgeFactor;
      const uplinkMs = transferMs(upBytes, o.network.upMbps);
      const downlinkMs = transferMs(o.outputBytes, o.network.downMbps);
      const rttMs = o.network.rttMs;
      return {
        layer,
        headMs,
        tailMs,
        uplinkMs,
        downlinkMs,
        rttMs,
        totalMs: headMs + uplinkMs + rttMs + tailMs + downlinkMs,
        upBytes,
      };
    });
}

/** The split point with the lowest end-to-end latency. */
export function bestSplit(rows: readonly SplitRow[]): SplitRow | null {
  return rows.reduce<SplitRow | null>((best, r) => (best === null || r.totalMs < best.totalMs ? r : best), null);
}
