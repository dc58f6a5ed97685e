// How the profile panel words and draws a profile (main thread, pure): labels for layers and providers, and the bar
// charts of time per op type and per layer.
import type { StackedBarSpec } from '../chart-spec.ts';
import type { LayerTime, ProfileSummary } from '../../../bench/profile/profile-summary.ts';

/** Ops drawn in the chart; the table lists them all. */
export const CHART_OPS = 12;

/** A layer as a person counts them (from 1); the first holds the embeddings before it, null is the head after. */
export function layerLabel(layer: LayerTime['layer'], layers: number | null): string {
  if (layer === null) return layers === null ? 'whole graph (no layers found)' : 'head (after the last layer)';
  return layer === 0 ? 'layer 1 (with the embeddings)' : `layer ${layer + 1}`;
}

/** The provider name a person reads: onnxruntime's names without their suffix. */
export const providerLabel = (provider: string): string => provider.replace(/ExecutionProvider$/, '') || 'unknown';

export function opChartSpec(s: ProfileSummary): StackedBarSpec {
  const ops = s.byOp.slice(0, CHART_OPS);
  return {
    categories: ops.map((o) => o.op),
    parts: [{ label: 'ms per run (mean of the middle runs)', color: '#2563eb', values: ops.map((o) => o.ms) }],
    valueLabel: 'ms per run',
    horizontal: true,
  };
}

export function layerChartSpec(s: ProfileSummary, layers: number | null): StackedBarSpec {
  return {
    categories: s.byLayer.map((l) => layerLabel(l.layer, layers)),
    parts: [{ label: 'ms per run (mean of the middle runs)', color: '#0d9488', values: s.byLayer.map((l) => l.ms) }],
    valueLabel: 'ms per run',
    horizontal: true,
  };
}

export const ms = (x: number): string => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(3));
export const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
