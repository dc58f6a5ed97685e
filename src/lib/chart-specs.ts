// Chart specifications derived from a RunResult (main thread, pure): latency with its interval, and throughput.
import type { RunResult } from '../shared/run-result.ts';
import type { ChartSpec } from './charts/line-chart.ts';

export interface AxisOptions {
  xLog: boolean;
  yLog: boolean;
}

export function latencySpec(result: RunResult, axes: AxisOptions): ChartSpec {
  const pts = result.points;
  const series: ChartSpec['series'] = [
    {
      label: 'median latency (ms)',
      color: '#2563eb',
      points: pts.map((p) => ({ x: p.batchSize, y: p.stats.median })),
      band: {
        label: '95% CI of median',
        lo: pts.map((p) => ({ x: p.batchSize, y: p.stats.ci95.lo })),
        hi: pts.map((p) => ({ x: p.batchSize, y: p.stats.ci95.hi })),
      },
    },
    { label: 'p90 (ms)', color: '#9333ea', dashed: true, points: pts.map((p) => ({ x: p.batchSize, y: p.stats.p90 })) },
  ];
  const { fixedMs, perItemMs } = result.fit;
  if (fixedMs !== null && perItemMs !== null) {
    series.push({
      label: `fit: ${fixedMs.toFixed(2)} + ${perItemMs.toFixed(3)} × batch`,
      color: '#64748b',
      dashed: true,
      points: pts.map((p) => ({ x: p.batchSize, y: Math.max(1e-6, fixedMs + perItemMs * p.batchSize) })),
    });
  }
  return { xLabel: 'batch size', yLabel: 'latency per batch (ms)', ...axes, xTicks: pts.map((p) => p.batchSize), series };
}

export function throughputSpec(result: RunResult, axes: AxisOptions): ChartSpec {
  return {
    xLabel: 'batch size',
    yLabel: 'items per second',
    ...axes,
    xTicks: result.points.map((p) => p.batchSize),
    series: [
      {
        label: 'throughput (items/s)',
        color: '#059669',
        points: result.points.map((p) => ({ x: p.batchSize, y: p.throughput })),
      },
    ],
  };
}
