// A chart.js scatter chart (main thread): labelled points with sizes, emphasised or dimmed, tooltips that carry
// each point's own lines of text, and optional error bars through a point. Updated in place.
import {
  Chart,
  Legend,
  LinearScale,
  LogarithmicScale,
  PointElement,
  ScatterController,
  Tooltip,
  type ChartDataset,
  type Plugin,
} from 'chart.js';
import type { ChartHandle } from './chart-handle.ts';
import type { ScatterSpec } from './chart-spec.ts';

Chart.register(ScatterController, PointElement, LinearScale, LogarithmicScale, Legend, Tooltip);

interface ScatterDatum {
  x: number;
  y: number;
  r: number;
  lines: string[];
  yInterval?: { lo: number; hi: number };
  xInterval?: { lo: number; hi: number };
}

const CAP = 4;

/** Draws each point's intervals as error bars with short caps, in its group's colour. */
const errorBars: Plugin<'scatter'> = {
  id: 'tierlabErrorBars',
  afterDatasetsDraw(chart) {
    const { ctx, scales } = chart;
    const x = scales['x'];
    const y = scales['y'];
    if (!x || !y) return;
    ctx.save();
    ctx.lineWidth = 1.5;
    for (const [i, set] of chart.data.datasets.entries()) {
      if (!chart.isDatasetVisible(i)) continue;
      ctx.strokeStyle = String(set.borderColor ?? '#333');
      for (const d of set.data as unknown as ScatterDatum[]) {
        const px = x.getPixelForValue(d.x);
        const py = y.getPixelForValue(d.y);
        ctx.beginPath();
        if (d.yInterval) {
          const [top, bottom] = [y.getPixelForValue(d.yInterval.hi), y.getPixelForValue(d.yInterval.lo)];
          ctx.moveTo(px, top);
          ctx.lineTo(px, bottom);
          ctx.moveTo(px - CAP, top);
          ctx.lineTo(px + CAP, top);
          ctx.moveTo(px - CAP, bottom);
          ctx.lineTo(px + CAP, bottom);
        }
        if (d.xInterval) {
          const [left, right] = [x.getPixelForValue(d.xInterval.lo), x.getPixelForValue(d.xInterval.hi)];
          ctx.moveTo(left, py);
          ctx.lineTo(right, py);
          ctx.moveTo(left, py - CAP);
          ctx.lineTo(left, py + CAP);
          ctx.moveTo(right, py - CAP);
          ctx.lineTo(right, py + CAP);
        }
        ctx.stroke();
      }
    }
    ctx.restore();
  },
};

function datasets(spec: ScatterSpec): ChartDataset<'scatter', ScatterDatum[]>[] {
  return spec.groups.map((g) => ({
    label: g.label,
    data: g.points.map((p) => ({
      x: p.x,
      y: p.y,
      r: p.radius,
      lines: p.tooltip,
      ...(p.yInterval ? { yInterval: p.yInterval } : {}),
      ...(p.xInterval ? { xInterval: p.xInterval } : {}),
    })),
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
    plugins: [errorBars],
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
