import { describe, expect, it } from 'vitest';
import { summarizePassK, type PassKRun, type PassKSetRun, type ProblemOutcome } from '../../bench/code-eval/passk-run.ts';
import { passkChartSpec } from './passk-chart-spec.ts';

const sample = (pass: boolean) => ({
  completion: '',
  newTokens: 10,
  outcome: pass ? ('pass' as const) : ('fail' as const),
  errorType: null,
  message: null,
  sandboxMs: 1,
});

/** A set of four problems with two samples each, `solved` of them always passing, generating in `ms` each. */
function set(id: string, language: ProblemOutcome['language'], solved: number, ms: number): PassKSetRun {
  const problems: ProblemOutcome[] = [0, 1, 2, 3].map((i) => ({
    problemSet: id,
    taskId: `${id}/${i}`,
    format: 'multipl-e',
    language,
    generateMs: ms,
    samples: [sample(i < solved), sample(i < solved)],
  }));
  return {
    problemSet: { id, name: `set ${id}`, format: 'multipl-e', language },
    sandbox: {} as PassKSetRun['sandbox'],
    timeLimit: {} as PassKSetRun['timeLimit'],
    recheck: {} as PassKSetRun['recheck'],
    oracle: null,
    summary: summarizePassK(problems),
  };
}

const run = (sets: PassKSetRun[]) => ({ sets, sampling: { samples: 2 } }) as unknown as PassKRun;

describe('passkChartSpec', () => {
  it('puts each set at its median generation time and pass@1, with both intervals as error bars', () => {
    const spec = passkChartSpec(run([set('py', 'python', 2, 1500), set('lua', 'lua', 1, 500)]));
    expect(spec.groups.map((g) => g.label)).toEqual(['Python', 'Lua']);
    const py = spec.groups[0]?.points[0];
    expect(py).toMatchObject({ x: 1.5, y: 50, xInterval: { lo: 1.5, hi: 1.5 } });
    expect(py?.yInterval?.lo).toBeLessThan(50);
    expect(py?.yInterval?.hi).toBeGreaterThan(50);
    expect(py?.tooltip[1]).toMatch(/^pass@1 50\.0% \(95% CI \d+\.\d%–\d+\.\d%\), 4 problems$/);
    expect(spec.yLabel).toBe('pass@1 (%)');
  });

  it('leaves out a k the run cannot estimate, and tells two sets of one language apart', () => {
    const sets = [set('a', 'python', 2, 100), set('b', 'python', 3, 100)];
    expect(passkChartSpec(run(sets), 5).groups).toEqual([]);
    const spec = passkChartSpec(run(sets));
    expect(spec.groups.map((g) => g.label)).toEqual(['set a', 'set b']);
    expect(spec.groups[0]?.color).not.toBe(spec.groups[1]?.color);
  });
});
