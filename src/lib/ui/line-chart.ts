// The only importer of chart.js (main thread): an x/y line chart with optional interval bands, updated in place.
import {
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  Tooltip,
  type ChartDataset,
} from 'chart.js';

Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, CategoryScale, Filler, Legend, Tooltip);

import type { ChartHandle } from './chart-handle.ts';
import type { ChartSeries, ChartSpec, XY } from './chart-spec.ts';

export type { ChartSeries, ChartSpec, XY };

type LineDataset = ChartDataset<'line', XY[]>;

function datasets(spec: ChartSpec): LineDataset[] {
  const out: LineDataset[] = [];
  for (const s of spec.series) {
    if (s.band) {
      out.push({
        label: `${s.band.label} (low)`,
        data: s.band.lo,
        borderWidth: 0,
        pointRadius: 0,
        fill: false,
        borderColor: 'transparent',
      });
      out.push({
        label: s.band.label,
        data: s.band.hi,
        borderWidth: 0,
        pointRadius: 0,
        fill: '-1',
        backgroundColor: `${s.color}33`,
        borderColor: 'transparent',
      });
    }
    out.push({
      label: s.label,
      data: s.points,
      borderColor: s.color,
      backgroundColor: s.color,
      borderDash: s.dashed ? [6, 4] : [],
      borderWidth: s.width ?? 2,
      pointRadius: s.dashed ? 0 : 3,
      tension: 0,
      fill: false,
    });
  }
  return out;
}

/** Colours and type size of a theme. */
function look(spec: ChartSpec) {
  return spec.theme === 'projector'
    ? { color: '#f8fafc', grid: 'rgba(248, 250, 252, 0.18)', size: 20 }
    : { color: '#475569', grid: 'rgba(0, 0, 0, 0.1)', size: 12 };
}

function scales(spec: ChartSpec) {
  const l = look(spec);
  const title = (text: string) => ({ display: true, text, color: l.color, font: { size: l.size } });
  return {
    x: {
      type: spec.xLog ? ('logarithmic' as const) : ('linear' as const),
      title: title(spec.xLabel),
      grid: { color: l.grid },
      // The log scale's own formatter hides values that are not 1, 2 or 5 times a power of ten.
      ticks: { autoSkip: false, color: l.color, font: { size: l.size }, callback: (value: string | number) => String(value) },
      afterBuildTicks: (axis: { ticks: { value: number }[] }) => {
        if (spec.xTicks?.length) axis.ticks = spec.xTicks.map((value) => ({ value }));
      },
    },
    y: {
      type: spec.yLog ? ('logarithmic' as const) : ('linear' as const),
      title: title(spec.yLabel),
      grid: { color: l.grid },
      ticks: { color: l.color, font: { size: l.size } },
      beginAtZero: !spec.yLog,
    },
  };
}

/** Draws `spec` on `canvas`; later updates replace data and scales without rebuilding the chart. */
export function createLineChart(canvas: HTMLCanvasElement, spec: ChartSpec): ChartHandle<ChartSpec> {
  const chart = new Chart<'line', XY[]>(canvas, {
    type: 'line',
    data: { datasets: datasets(spec) },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      parsing: false,
      scales: scales(spec),
      plugins: {
        legend: {
          labels: {
            filter: (item) => !String(item.text).endsWith('(low)'),
            color: look(spec).color,
            font: { size: look(spec).size },
          },
        },
        tooltip: { filter: (item) => !String(item.dataset.label).endsWith('(low)') },
      },
    },
  });
  return {
    update(next) {
      chart.data.datasets = datasets(next);
      chart.options.scales = scales(next);
      chart.update();
    },
    destroy() {
      chart.destroy();
    },
  };
}
