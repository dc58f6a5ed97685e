// Chart specifications derived from a RunResult (main thread, pure): latency with its interval, and throughput.
import type { RunResult } from '../../shared/run-result.ts';
import type { AxisOptions, ChartSpec } from '../ui/chart-spec.ts';

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

/** Generation runs: time to first token (prefill) per batch size, with the interval of its median. */
export function ttftSpec(result: RunResult, axes: AxisOptions): ChartSpec {
  const pts = result.points.flatMap((p) => (p.generation ? [{ x: p.batchSize, g: p.generation }] : []));
  return {
    xLabel: 'batch size',
    yLabel: 'time to first token (ms)',
    ...axes,
    xTicks: pts.map((p) => p.x),
    series: [
      {
        label: 'median time to first token (ms)',
        color: '#d97706',
        points: pts.map((p) => ({ x: p.x, y: p.g.ttft.median })),
        band: {
          label: '95% CI of median',
          lo: pts.map((p) => ({ x: p.x, y: p.g.ttft.ci95.lo })),
          hi: pts.map((p) => ({ x: p.x, y: p.g.ttft.ci95.hi })),
        },
      },
      {
        label: 'decode per token (ms)',
        color: '#7c3aed',
        dashed: true,
        points: pts.map((p) => ({ x: p.x, y: p.g.perTokenMs.median })),
      },
    ],
  };
}

/** Generation runs: decode tokens per second of the whole batch, with its interval, and end-to-end tokens per second. */
export function tokenRateSpec(result: RunResult, axes: AxisOptions): ChartSpec {
  const pts = result.points.flatMap((p) => (p.generation ? [{ x: p.batchSize, g: p.generation }] : []));
  return {
    xLabel: 'batch size',
    yLabel: 'tokens per second',
    ...axes,
    xTicks: pts.map((p) => p.x),
    series: [
      {
        label: 'decode tokens/s',
        color: '#059669',
        points: pts.map((p) => ({ x: p.x, y: p.g.decodeTokensPerSecond })),
        band: {
          label: '95% CI',
          lo: pts.map((p) => ({ x: p.x, y: p.g.decodeTokensPerSecondCi.lo })),
          hi: pts.map((p) => ({ x: p.x, y: p.g.decodeTokensPerSecondCi.hi })),
        },
      },
      {
        label: 'end-to-end tokens/s (prefill included)',
        color: '#0891b2',
        dashed: true,
        points: pts.map((p) => ({ x: p.x, y: p.g.tokensPerSecond })),
      },
    ],
  };
}
