// The Pareto chart (main thread, pure): accuracy against latency at the plan's batch size, marker area by download
// size; variants on the front drawn strong, dominated ones faint.
import { paretoFront } from '../../bench/accuracy/pareto.ts';
import type { VariantMeasure } from '../../bench/accuracy/tradeoffs.ts';
import type { ScatterSpec } from '../ui/chart-spec.ts';

const MIN_R = 5;
const MAX_R = 22;

/** Marker radius for `bytes`: area proportional to size, between MIN_R and MAX_R. */
export function radiusFor(bytes: number, largest: number): number {
  if (largest <= 0) return MIN_R;
  return Math.max(MIN_R, MAX_R * Math.sqrt(bytes / largest));
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** Indices of the accuracy/latency front (higher accuracy, lower median latency). */
export function frontOf(variants: readonly VariantMeasure[]): number[] {
  return paretoFront(variants, [
    { value: (v) => v.accuracy, better: 'max' },
    { value: (v) => v.medianMs, better: 'min' },
  ]);
}

export function paretoSpec(variants: readonly VariantMeasure[], batchSize: number): ScatterSpec {
  const front = new Set(frontOf(variants));
  const largest = Math.max(0, ...variants.map((v) => v.bytes));
  const point = (v: VariantMeasure) => ({
    x: v.medianMs,
    y: v.accuracy * 100,
    radius: radiusFor(v.bytes, largest),
    tooltip: [
      v.label,
      `accuracy ${pct(v.accuracy)} (95% CI ${pct(v.accuracyCi95.lo)}–${pct(v.accuracyCi95.hi)})`,
      `median ${v.medianMs.toFixed(2)} ms (95% CI ${v.medianCi95.lo.toFixed(2)}–${v.medianCi95.hi.toFixed(2)}), p90 ${v.p90Ms.toFixed(2)} ms`,
      `download ${(v.bytes / 1e6).toFixed(2)} MB`,
    ],
  });
  return {
    xLabel: `median latency at batch ${batchSize} (ms)`,
    yLabel: 'accuracy (%)',
    xLog: false,
    yMin: 0,
    yMax: 100,
    groups: [
      { label: 'on the Pareto front', color: '#2563eb', points: variants.filter((_, i) => front.has(i)).map(point) },
      { label: 'dominated', color: '#94a3b8', dimmed: true, points: variants.filter((_, i) => !front.has(i)).map(point) },
    ],
  };
}
