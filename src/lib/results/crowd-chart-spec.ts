// The crowd chart (main thread, pure): latency versus batch size, one line per device class (median of the
// results' medians), and the person's own runs drawn on top.
import type { AggregateRow } from '../../shared/results-api.ts';
import type { AxisOptions, ChartSpec, XY } from '../ui/chart-spec.ts';

export const MAX_CLASSES = 8;
const PALETTE = ['#2563eb', '#059669', '#d97706', '#9333ea', '#0891b2', '#dc2626', '#65a30d', '#db2777'];
const OWN_COLORS = ['#111827', '#64748b'];

export interface OwnSeries {
  label: string;
  points: XY[];
}

export interface CrowdChart {
  spec: ChartSpec;
  /** Device classes not drawn because more than MAX_CLASSES had results. */
  hiddenClasses: number;
}

/** Lines for the MAX_CLASSES device classes with the most results (by their largest count), then `own`. */
export function crowdSpec(rows: AggregateRow[], own: OwnSeries[], axes: AxisOptions): CrowdChart {
  const byClass = new Map<string, AggregateRow[]>();
  for (const r of rows) byClass.set(r.deviceClass, [...(byClass.get(r.deviceClass) ?? []), r]);
  const ranked = [...byClass.entries()]
    .map(([deviceClass, rs]) => ({ deviceClass, rs, n: Math.max(...rs.map((r) => r.count)) }))
    .sort((a, b) => b.n - a.n || a.deviceClass.localeCompare(b.deviceClass));
  const drawn = ranked.slice(0, MAX_CLASSES);
  const series: ChartSpec['series'] = drawn.map((c, i) => ({
    label: `${c.deviceClass} (n=${c.n})`,
    color: PALETTE[i % PALETTE.length] as string,
    points: [...c.rs].sort((a, b) => a.batchSize - b.batchSize).map((r) => ({ x: r.batchSize, y: r.medianOfMediansMs })),
  }));
  own.forEach((o, i) =>
    series.push({
      label: o.label,
      color: OWN_COLORS[i % OWN_COLORS.length] as string,
      dashed: true,
      points: [...o.points].sort((a, b) => a.x - b.x),
    }),
  );
  const xTicks = [...new Set(series.flatMap((s) => s.points.map((p) => p.x)))].sort((a, b) => a - b);
  return {
    spec: { xLabel: 'batch size', yLabel: 'median latency per batch (ms)', ...axes, xTicks, series },
    hiddenClasses: ranked.length - drawn.length,
  };
}
