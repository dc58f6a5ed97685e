import { describe, expect, it } from 'vitest';
import { afterOverBefore, coldMarkdown, coldRows, type ColdSample } from './cold-markdown.ts';

const sample = (
  build: ColdSample['build'],
  network: ColdSample['network'],
  transferBytes: number,
  firstSampleMs: number,
): ColdSample => ({
  build,
  backend: 'wasm',
  network,
  transferBytes,
  firstSampleMs,
  serviceWorkerActive: true,
});

describe('cold-start report', () => {
  const samples = [
    sample('before', 'none', 28e6, 6000),
    sample('before', 'none', 30e6, 8000),
    sample('after', 'none', 3e6, 2000),
    sample('after', 'none', 5e6, 4000),
    sample('before', '4g', 28e6, 30000),
    sample('after', '4g', 3e6, 6000),
  ];

  it('groups by backend and network and compares medians', () => {
    const rows = coldRows(samples);
    expect(rows.map((r) => `${r.backend}/${r.network}`)).toEqual(['wasm/none', 'wasm/4g']);
    expect(afterOverBefore(rows[0]!, (x) => x.transferBytes)).toBeCloseTo(4 / 29);
    expect(afterOverBefore(rows[1]!, (x) => x.firstSampleMs)).toBeCloseTo(0.2);
    expect(afterOverBefore({ ...rows[0]!, before: [] }, (x) => x.transferBytes)).toBeNull();
  });

  it('states the goals with the measured figures', () => {
    const md = coldMarkdown(samples, [{ build: 'wasm', sessionCreateMs: 1500 }], 'commit abc');
    expect(md).toMatch(/transfer of the WASM benchmark is 14% of before \(goal: at most 25%\)/);
    expect(md).toMatch(/\(WASM, no emulation\) is 57% shorter/);
    expect(md).toMatch(/\| wasm \| 1\.50 s \|/);
  });
});
