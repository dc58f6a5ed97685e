// A chart.js scatter chart (main thread): labelled points with sizes, emphasised or dimmed, and tooltips that carry
// each point's own lines of text. Updated in place.
import {
  Chart,
  Legend,
  LinearScale,
  LogarithmicScale,
  PointElement,
  ScatterController,
  Tooltip,
  type ChartDataset,
} from 'chart.js';
import type { ChartHandle } from './chart-handle.ts';
import type { ScatterSpec } from './chart-spec.ts';

Chart.register(ScatterController, PointElement, LinearScale, LogarithmicScale, Legend, Tooltip);

interface ScatterDatum {
  x: number;
  y: number;
  r: number;
  lines: string[];
}

function datasets(spec: ScatterSpec): ChartDataset<'scatter', ScatterDatum[]>[] {
  return spec.groups.map((g) => ({
    label: g.label,
    data: g.points.map((p) => ({ x: p.x, y: p.y, r: p.radius, lines: p.tooltip })),
    backgroundColor: `${g.color}${g.dimmed ? '40' : 'cc'}`,
    borderColor: g.color,
    borderWidth: g.dimmed ? 1 : 2,
    pointRadius: g.points.map((p) => p.radius),
    pointHoverRadius: g.points.map((p) => p.radius + 2),
  }));
}

function scales(spec: ScatterSpec) {
  return {
    x: { type: spec.xLog ? ('logarithmic' as const) : ('linear' as const), title: { display: true, text: spec.xLabel } },
    y: { type: 'linear' as const, title: { display: true, text: spec.yLabel }, min: spec.yMin, max: spec.yMax },
  };
}

export function createScatterChart(canvas: HTMLCanvasElement, spec: ScatterSpec): ChartHandle<ScatterSpec> {
  const chart = new Chart<'scatter', ScatterDatum[]>(canvas, {
    type: 'scatter',
    data: { datasets: datasets(spec) },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      parsing: false,
      scales: scales(spec),
      plugins: {
        tooltip: { callbacks: { label: (item) => (item.raw as ScatterDatum).lines } },
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
