// A chart.js stacked bar chart (main thread): categories with stacked parts, updated in place.
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import type { ChartHandle } from './chart-handle.ts';
import type { StackedBarSpec } from './chart-spec.ts';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

function data(spec: StackedBarSpec) {
  return {
    labels: spec.categories,
    datasets: spec.parts.map((p) => ({ label: p.label, data: p.values, backgroundColor: p.color, stack: 'total' })),
  };
}

function options(spec: StackedBarSpec) {
  const value = { stacked: true, title: { display: true, text: spec.valueLabel }, beginAtZero: true };
  const category = { stacked: true };
  return {
    animation: false as const,
    responsive: true,
    maintainAspectRatio: false,
    indexAxis: spec.horizontal ? ('y' as const) : ('x' as const),
    scales: spec.horizontal ? { x: value, y: category } : { x: category, y: value },
  };
}

export function createBarChart(canvas: HTMLCanvasElement, spec: StackedBarSpec): ChartHandle<StackedBarSpec> {
  const chart = new Chart(canvas, { type: 'bar', data: data(spec), options: options(spec) });
  return {
    update(next) {
      chart.data = data(next);
      chart.options = options(next);
      chart.update();
    },
    destroy() {
      chart.destroy();
    },
  };
}
