// The endurance chart's specification (main thread, pure): throughput per window under load against time, with the
// 97% stability line under the best window, and the battery level on the same time axis where it was read.
import type { EnergySection } from '../../shared/energy-result.ts';
import { STABILITY_PASS, throughputOf } from '../../bench/energy/endurance.ts';
import type { ChartSpec } from '../ui/chart-spec.ts';

export function enduranceSpec(e: EnergySection): ChartSpec {
  const loaded = e.windows.filter((w) => w.phase === 'A');
  const points = loaded.map((w) => ({ x: w.endMs / 1000, y: throughputOf(w) }));
  const best = Math.max(0, ...points.map((p) => p.y));
  const first = loaded[0]?.startMs ?? 0;
  const last = loaded.at(-1)?.endMs ?? 0;
  return {
    xLabel: 'time under load (s)',
    yLabel: 'inferences per second, per window',
    xLog: false,
    yLog: false,
    series: [
      { label: 'throughput per window', color: '#2563eb', points },
      {
        label: `${Math.round(STABILITY_PASS * 100)}% of the best window`,
        color: '#94a3b8',
        dashed: true,
        width: 1,
        points: [
          { x: first / 1000, y: best * STABILITY_PASS },
          { x: last / 1000, y: best * STABILITY_PASS },
        ],
      },
    ],
  };
}
