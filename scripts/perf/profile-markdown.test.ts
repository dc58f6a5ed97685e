import { describe, expect, it } from 'vitest';
import { competitionVerdict, otherCores, profileMarkdown, profileRows, type ProfileSample } from './profile-markdown.ts';

const sample = (method: ProfileSample['method'], rep: number, wallS: number, cpu: [string, number][]): ProfileSample => ({
  method,
  rep,
  window: { wallS, cpu: cpu.map(([group, cpuS]) => ({ group, cpuS })) },
});

const samples = [
  sample('tierlab', 1, 10, [
    ['renderer · DedicatedWorker', 19],
    ['renderer · CrRendererMain', 0.4],
    ['gpu-process · VizCompositorTh', 0.2],
  ]),
  sample('tierlab', 2, 5, [
    ['renderer · DedicatedWorker', 9.6],
    ['renderer · CrRendererMain', 0.1],
  ]),
  sample('bare', 1, 20, [
    ['renderer · DedicatedWorker', 39.8],
    ['renderer · CrRendererMain', 0.02],
  ]),
];

describe('profile of the timing window', () => {
  it('gives cores busy per thread group, median over repetitions, a missing group counting 0', () => {
    const rows = profileRows(samples);
    expect(rows[0]!.group).toBe('renderer · DedicatedWorker');
    expect(rows[0]!.tierlab).toBeCloseTo((1.9 + 1.92) / 2);
    expect(rows[0]!.bare).toBeCloseTo(1.99);
    const main = rows.find((r) => r.group === 'renderer · CrRendererMain')!;
    expect(main.tierlab).toBeCloseTo((0.04 + 0.02) / 2);
    expect(main.bare).toBeCloseTo(0.001);
    expect(rows.find((r) => r.group === 'gpu-process · VizCompositorTh')!.tierlab).toBeCloseTo(0.01);
  });

  it('sums every thread but the inference threads as what competed with the runs', () => {
    expect(otherCores(samples, 'tierlab')).toBeCloseTo((0.06 + 0.02) / 2);
    expect(otherCores(samples, 'bare')).toBeCloseTo(0.001);
  });

  it('names the threads that grew, and says how much of the machine they took', () => {
    const md = profileMarkdown(samples, 2, { batch: 32, ratio: 1.025, medianMs: 152 });
    expect(md).toContain('| renderer · CrRendererMain | 0.030 | 0.001 | +0.029 |');
    expect(md).toMatch(/0\.039 cores more, 2\.0% of the machine/);
    expect(md).toMatch(/did more work during TierLab's window: renderer · CrRendererMain \(\+0\.029\)/);
    expect(md).not.toContain('ThreadPoolForeg is');
    const pool = profileMarkdown(
      [
        sample('tierlab', 1, 10, [['renderer · ThreadPoolForeg', 3]]),
        sample('bare', 1, 10, [['renderer · ThreadPoolForeg', 0.1]]),
      ],
      2,
      null,
    );
    expect(pool).toMatch(/renderer · ThreadPoolForeg is Chromium's renderer thread pool .*tier-up/);
    expect(md).toMatch(/At batch 32, TierLab's median was 1\.025×/);
  });
});

describe('competitionVerdict', () => {
  it('bounds what the extra cores can cost a run and says whether the worst ratio is within it, within noise, or beyond', () => {
    // 0.03 cores of 2: 1.5% of the machine, at most 3% of a run.
    const within = competitionVerdict(0.03, 2, { batch: 32, ratio: 1.025 }, 0.09);
    expect(within).toContain('(1.5% of the machine)');
    expect(within).toContain('at most about 3.0%');
    expect(within).toMatch(/1\.025 \(batch 32\),\nno more than that\.$/);
    expect(competitionVerdict(0.03, 2, { batch: 16, ratio: 1.068 }, 0.093)).toMatch(
      /within this machine's noise between repetitions \(9\.3%/,
    );
    expect(competitionVerdict(0.03, 2, { batch: 16, ratio: 1.2 }, 0.093)).toMatch(/something else competes\.$/);
    // Fewer cores beside TierLab than beside the bare loop bound nothing.
    expect(competitionVerdict(-0.01, 2, { batch: 1, ratio: 1.01 }, 0.05)).toContain('used 0.000 cores more');
  });
});
