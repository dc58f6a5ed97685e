// The presenter's chart (main thread, pure): latency versus batch size, one line per device class (median of its
// devices' medians), the crowd median on top with its 95% interval as a band (from six devices), the speaker's own
// device class drawn thick.
import { classCurves, crowdMedian, latestPerDevice, type RoomState } from '../../bench/rooms/room-state.ts';
import type { ChartSeries, ChartSpec } from '../ui/chart-spec.ts';

export const MAX_ROOM_CLASSES = 10;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
// Bright colours that read on a dark projector background.
const PALETTE = ['#60a5fa', '#34d399', '#fbbf24', '#c084fc', '#22d3ee', '#f87171', '#a3e635', '#f472b6', '#fb923c', '#94a3b8'];

export interface RoomChart {
  spec: ChartSpec;
  /** Device classes not drawn (more than MAX_ROOM_CLASSES). */
  hiddenClasses: number;
  /** The device class of this browser's own result, if it has one. */
  ownClass: string | null;
}

export function roomChartSpec(s: RoomState, ownDeviceId: string | null, theme: ChartSpec['theme'] = 'projector'): RoomChart {
  const { clean, flagged } = latestPerDevice(s);
  const ownClass = [...clean, ...flagged].find((r) => r.deviceId === ownDeviceId)?.deviceClass ?? null;
  const byClass = new Map<string, ReturnType<typeof classCurves>>();
  for (const p of classCurves(s)) byClass.set(p.deviceClass, [...(byClass.get(p.deviceClass) ?? []), p]);
  const ranked = [...byClass.entries()]
    .map(([deviceClass, ps]) => ({ deviceClass, ps, n: Math.max(...ps.map((p) => p.count)) }))
    // The speaker's own class is always drawn; then the classes with the most devices.
    .sort(
      (a, b) =>
        Number(b.deviceClass === ownClass) - Number(a.deviceClass === ownClass) ||
        b.n - a.n ||
        a.deviceClass.localeCompare(b.deviceClass),
    );
  const drawn = ranked.slice(0, MAX_ROOM_CLASSES);
  const series: ChartSeries[] = drawn.map((c, i) => ({
    label: `${c.deviceClass === ownClass ? '★ ' : ''}${c.deviceClass} (n=${c.n})`,
    color: PALETTE[i % PALETTE.length] as string,
    width: c.deviceClass === ownClass ? 6 : 2,
    points: c.ps.map((p) => ({ x: p.batchSize, y: p.medianOfMediansMs })),
  }));
  const crowd = crowdMedian(s);
  if (crowd.length > 0)
    series.push({
      label: `crowd median (${plural(Math.max(...crowd.map((c) => c.count)), 'device')})`,
      color: theme === 'projector' ? '#f8fafc' : '#0f172a',
      dashed: true,
      width: 4,
      points: crowd.map((c) => ({ x: c.batchSize, y: c.medianMs })),
      // Its 95% interval, at the batch sizes with enough devices for one (six).
      ...(crowd.some((c) => c.ci95)
        ? {
            band: {
              label: 'crowd median: 95% interval',
              lo: crowd.filter((c) => c.ci95).map((c) => ({ x: c.batchSize, y: c.ci95!.lo })),
              hi: crowd.filter((c) => c.ci95).map((c) => ({ x: c.batchSize, y: c.ci95!.hi })),
            },
          }
        : {}),
    });
  const xTicks = [...new Set(series.flatMap((x) => x.points.map((p) => p.x)))].sort((a, b) => a - b);
  return {
    spec: { xLabel: 'batch size', yLabel: 'median latency per batch (ms)', xLog: true, yLog: true, xTicks, series, theme },
    hiddenClasses: ranked.length - drawn.length,
    ownClass,
  };
}
