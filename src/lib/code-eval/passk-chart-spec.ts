// The pass@k chart (main thread, pure): one point per problem set (language) at its median generation time per
// problem, pass@k on the other axis, each with its 95% intervals drawn as error bars.
import { setLabel, type PassKRun } from '../../bench/code-eval/passk-run.ts';
import type { CodeLanguage } from '../../shared/code-problems/code-problems.ts';
import type { ScatterSpec } from '../ui/chart-spec.ts';

const COLORS: Readonly<Record<CodeLanguage, string>> = {
  python: '#2563eb',
  javascript: '#d97706',
  typescript: '#7c3aed',
  lua: '#059669',
};
/** A second set of the same language gets a darker shade. */
const SHADES = ['', '#0f172a', '#64748b', '#be123c'];

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** pass@k (k from the run's estimates; sets where it is not estimable are left out) against generation latency. */
export function passkChartSpec(run: PassKRun, k = 1): ScatterSpec {
  const names = run.sets.map((s) => s.problemSet);
  const seen = new Map<CodeLanguage, number>();
  const groups = run.sets.flatMap((set) => {
    const e = set.summary.passAtK.find((p) => p.k === k);
    if (!e || e.value === null || !e.ci95) return [];
    const nth = seen.get(set.problemSet.language) ?? 0;
    seen.set(set.problemSet.language, nth + 1);
    const s = set.summary;
    const label = setLabel(set.problemSet, names);
    return [
      {
        label,
        color: nth === 0 ? COLORS[set.problemSet.language] : (SHADES[nth % SHADES.length] ?? '#334155'),
        points: [
          {
            x: s.medianGenerateMs / 1000,
            y: e.value * 100,
            radius: 6,
            yInterval: { lo: e.ci95.lo * 100, hi: e.ci95.hi * 100 },
            xInterval: { lo: s.generateMsCi95.lo / 1000, hi: s.generateMsCi95.hi / 1000 },
            tooltip: [
              `${label}: ${set.problemSet.name}`,
              `pass@${k} ${pct(e.value)} (95% CI ${pct(e.ci95.lo)}–${pct(e.ci95.hi)}), ${s.problems} problems`,
              `median generation ${(s.medianGenerateMs / 1000).toFixed(2)} s per problem (95% CI ${(s.generateMsCi95.lo / 1000).toFixed(2)}–${(s.generateMsCi95.hi / 1000).toFixed(2)})`,
              `${s.tokensPerSecond.toFixed(1)} tokens/s`,
            ],
          },
        ],
      },
    ];
  });
  return {
    xLabel: `median generation time per problem (s, n = ${run.sampling.samples} samples)`,
    yLabel: `pass@${k} (%)`,
    xLog: false,
    yMin: 0,
    yMax: 100,
    groups,
  };
}
