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
  /** Device classes not drawn because more than MAX_CLASSES had enough results. */
  hiddenClasses: number;
  /** Device classes with too few results for an interval at any batch size: named, not drawn. */
  tooFew: { deviceClass: string; n: number }[];
}

/**
 * Lines for the MAX_CLASSES device classes with the most results (by their largest count), each batch size with its
 * 95% interval as a band, then `own`. A batch size without an interval (fewer than MIN_CROWD_RESULTS results) is not
 * on the line; a class with none is named in `tooFew` instead of drawn.
 */
export function crowdSpec(rows: AggregateRow[], own: OwnSeries[], axes: AxisOptions): CrowdChart {
  const byClass = new Map<string, AggregateRow[]>();
  for (const r of rows) byClass.set(r.deviceClass, [...(byClass.get(r.deviceClass) ?? []), r]);
  const ranked = [...byClass.entries()]
    .map(([deviceClass, rs]) => ({
      deviceClass,
      n: Math.max(...rs.map((r) => r.count)),
      sources: Math.max(...rs.map((r) => r.sources)),
      rs: rs.filter((r) => r.ci95 !== null).sort((a, b) => a.batchSize - b.batchSize),
    }))
    .sort((a, b) => b.n - a.n || a.deviceClass.localeCompare(b.deviceClass));
  const withLine = ranked.filter((c) => c.rs.length > 0);
  const drawn = withLine.slice(0, MAX_CLASSES);
  const series: ChartSpec['series'] = drawn.map((c, i) => ({
    label: `${c.deviceClass} (n=${c.n}, ${c.sources} source${c.sources === 1 ? '' : 's'})`,
    color: PALETTE[i % PALETTE.length] as string,
    points: c.rs.map((r) => ({ x: r.batchSize, y: r.medianOfMediansMs })),
    band: {
      label: `${c.deviceClass}: 95% interval`,
      lo: c.rs.map((r) => ({ x: r.batchSize, y: r.ci95?.lo ?? r.medianOfMediansMs })),
      hi: c.rs.map((r) => ({ x: r.batchSize, y: r.ci95?.hi ?? r.medianOfMediansMs })),
    },
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
    hiddenClasses: withLine.length - drawn.length,
    tooFew: ranked.filter((c) => c.rs.length === 0).map((c) => ({ deviceClass: c.deviceClass, n: c.n })),
  };
}
