// Modelled energy (pure; runs everywhere): what a device's battery pays to compute an inference or to move its data
// over a radio, with a range from the low and high constants and the source of each. The constants live in
// constants.ts; docs/energy.md explains the model and its limits.
import type { Constant, EnergyLabel, RadioModel } from './constants.ts';

/** An energy figure in joules: from the low constants, the typical ones and the high ones, with how it was obtained. */
export interface EnergyFigure {
  low: number;
  typical: number;
  high: number;
  label: EnergyLabel;
  /** The source of every constant the figure used, once each. */
  sources: string[];
  /** True when a rough parameter (5G) went into it: shown as "rough". */
  rough: boolean;
}

type End = 'low' | 'typical' | 'high';
const ENDS: readonly End[] = ['low', 'typical', 'high'];

function figure(per: (end: End) => number, sources: string[], rough = false): EnergyFigure {
  const [low, typical, high] = ENDS.map(per) as [number, number, number];
  return { low, typical, high, label: 'modelled', sources: [...new Set(sources)], rough };
}

export const ZERO_ENERGY: EnergyFigure = { low: 0, typical: 0, high: 0, label: 'modelled', sources: [], rough: false };

/** Energy of computing for `busyMs` at a device power in watts: W × s. */
export function computeEnergy(power: Constant, busyMs: number): EnergyFigure {
  const s = Math.max(0, busyMs) / 1000;
  return figure((end) => power[end] * s, [power.source]);
}

/** A request's traffic: bytes each way at the link's rates, and the time the radio stays connected waiting between. */
export interface Transfer {
  upBytes: number;
  downBytes: number;
  upMbps: number;
  downMbps: number;
  /** Time between the upload and the download (round trip, queueing, remote compute), ms: the radio idles at β. */
  waitMs: number;
  /** Count the radio's tail after the burst (an isolated request); false when requests follow closer than the tail. */
  tail: boolean;
}

/** Seconds to move `bytes` at `mbps`. */
const seconds = (bytes: number, mbps: number) => (bytes > 0 ? (bytes * 8) / (mbps * 1e6) : 0);

/**
 * The radio's energy for one request: uploading at P = αu·up + β, downloading at P = αd·down + β (each for the time
 * its bytes take at that rate), β while waiting, and the tail after the burst where the radio has one.
 */
export function radioEnergy(radio: RadioModel, t: Transfer): EnergyFigure {
  if (!(t.upMbps > 0) || !(t.downMbps > 0)) throw new RangeError('a radio transfer needs positive up and down rates');
  const upS = seconds(t.upBytes, t.upMbps);
  const downS = seconds(t.downBytes, t.downMbps);
  const waitS = Math.max(0, t.waitMs) / 1000;
  const tail = t.tail ? radio.tail : null;
  const sources = [radio.alphaUp.source, radio.alphaDown.source, radio.beta.source];
  if (tail) sources.push(tail.power.source, tail.seconds.source);
  return figure(
    (end) => {
      const beta = radio.beta[end];
      const mW =
        (radio.alphaUp[end] * t.upMbps + beta) * upS +
        (radio.alphaDown[end] * t.downMbps + beta) * downS +
        beta * waitS +
        (tail ? tail.power[end] * tail.seconds[end] : 0);
      return mW / 1000;
    },
    sources,
    radio.rough,
  );
}

/** The sum of figures: ends add up, the label is the weakest of theirs (modelled < derived < measured). */
export function addEnergy(...figures: readonly EnergyFigure[]): EnergyFigure {
  const rank: Record<EnergyLabel, number> = { modelled: 0, derived: 1, measured: 2 };
  const label = figures.reduce<EnergyLabel>((l, f) => (rank[f.label] < rank[l] ? f.label : l), 'measured');
  return {
    low: figures.reduce((s, f) => s + f.low, 0),
    typical: figures.reduce((s, f) => s + f.typical, 0),
    high: figures.reduce((s, f) => s + f.high, 0),
    label: figures.length ? label : 'modelled',
    sources: [...new Set(figures.flatMap((f) => f.sources))],
    rough: figures.some((f) => f.rough),
  };
}

/** A figure divided by `n` (per inference from per request of n items). */
export function perItem(f: EnergyFigure, n: number): EnergyFigure {
  const k = n > 0 ? n : 1;
  return { ...f, low: f.low / k, typical: f.typical / k, high: f.high / k };
}

/** "12 mJ (8–18)", in the unit that suits the typical value. */
export function formatEnergy(f: EnergyFigure): string {
  const [scale, unit] = f.typical >= 1 ? [1, 'J'] : f.typical >= 1e-3 ? [1e3, 'mJ'] : [1e6, 'µJ'];
  const n = (x: number) => {
    const v = x * scale;
    return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toPrecision(2);
  };
  return `${n(f.typical)} ${unit} (${n(f.low)}–${n(f.high)})${f.rough ? ', rough' : ''}`;
}
