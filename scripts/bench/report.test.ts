import { describe, expect, it } from 'vitest';
import { generationPoint } from '../../src/bench/generation.ts';
import { sampleResult } from '../../src/bench/testing/sample-result.ts';
import { sampleEnergy } from '../../src/bench/testing/sample-energy.ts';
import { formatReport, table } from './report.ts';

describe('bench report', () => {
  it('aligns columns', () => {
    expect(table(['a', 'bb'], [['xyz', '1']]).split('\n')).toEqual(['a    bb', '───  ──', 'xyz   1']);
  });

  it('has one row per batch size with median, p90, interval, throughput and degradation, then fit and correlations', () => {
    const r = sampleResult();
    const text = formatReport(r);
    const lines = text.split('\n');
    const header = lines.find((l) => l.startsWith('batch'))!;
    expect(header).toMatch(/median ms\s+p90 ms\s+95% CI ms\s+items\/s\s+degradation\s+samples/);
    const row2 = lines.find((l) => /^2\s/.test(l))!;
    expect(row2).toContain(`${r.points[1]!.latencyRatio.toFixed(2)}×`);
    expect(text).toMatch(/fit: latency = .* ms \+ .* ms × batch \(R² /);
    expect(text).toMatch(/Pearson .* Spearman/);
    expect(text).toContain('flags: none');
    expect(text).not.toContain('TTFT');
  });

  it('adds time to first token and decode rate for generators, and names emulation', () => {
    const r = sampleResult();
    r.points = r.points.map((p) => ({
      ...p,
      generation: generationPoint(
        p.batchSize,
        p.samplesMs,
        p.samplesMs.map(() => 1),
        4,
      ),
    }));
    r.environment.emulation = {
      cpuThrottle: 4,
      cpuThrottleMeasured: 3.9,
      cpuThrottleMethod: 'x',
      network: null,
      webgpuSwiftShader: false,
      declaredBy: 'tierlab-cli',
    };
    r.flags.emulated = true;
    const text = formatReport(r);
    expect(text).toMatch(/TTFT ms\s+decode tok\/s/);
    expect(text).toContain('emulation: CPU 4×');
    expect(text).toMatch(/flags: .*emulated/);
  });
});

describe('the report of an endurance run', () => {
  it('adds stability, throttling and the measured drain per phase', () => {
    const r = { ...sampleResult(), energy: sampleEnergy() };
    const text = formatReport(r);
    expect(text).toContain('endurance at batch 4: 10 windows, ended complete, stability 100.0% (passes 97%), not throttled');
    expect(text).toContain('battery drain, measured: load at batch 4 360.0 %/h (288.0–432.0), idle 144.0 %/h');
    const unmeasured = formatReport({ ...r, energy: { ...sampleEnergy(), drain: null, batteryUnusable: 'no API' } });
    expect(unmeasured).toContain('battery drain: not measured (no API)');
  });
});
