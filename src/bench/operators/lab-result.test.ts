import { describe, expect, it } from 'vitest';
import type { LabVariantOutput, OperatorsOutput } from '../../shared/contracts/operators.ts';
import type { ProfileSection } from '../../shared/profile.ts';
import { labExport, labMeasures, type LabResult } from './lab-result.ts';
import { profileNode, sampleProfile } from '../testing/sample-profile.ts';

function profile(batchSize: number, ops: Record<string, number>): ProfileSection {
  const nodes = Object.entries(ops).map(([op, ms]) => profileNode(`n_${op}`, op, [ms, ms, ms]));
  return sampleProfile([{ batchSize, wallMs: [10, 10, 10], runMs: [9, 9, 9], nodes }]);
}

function variant(id: string, operators: number, extra: Partial<LabVariantOutput>): LabVariantOutput {
  return {
    spec: { id, label: id, from: 'base', operators: Array.from({ length: operators }, () => ({ kind: 'fp16' })) },
    reports: [],
    bytes: new Uint8Array(4),
    params: 1,
    logits: new Float32Array(0),
    width: 0,
    outputs: [],
    raw: null,
    runtime: null,
    deviceLost: false,
    error: null,
    buildMs: 1,
    ...extra,
  } as LabVariantOutput;
}

const output = (variants: LabVariantOutput[]): OperatorsOutput => ({ variants, inputs: null, notes: [] });

describe('labMeasures with profiles', () => {
  it('gives each profiled variant its op types against the fp32 reference at the same batch size', () => {
    const rows = labMeasures(
      output([
        variant('fp32', 0, { profile: profile(4, { MatMul: 3, Cast: 0.02 }) }),
        variant('fp16', 1, { profile: profile(4, { MatMul: 5, Cast: 2, Erf: 1 }) }),
        variant('other-batch', 1, { profile: profile(1, { MatMul: 1 }) }),
        variant('failed-profile', 1, { profile: null, profileError: 'the profiled pass failed: out of memory' }),
      ]),
      [],
      null,
    );
    const [fp32, fp16, other, failed] = rows;
    expect(fp32?.opDeltas).toEqual([]);
    expect(fp16?.profile?.kernelMs).toBeCloseTo(8, 12);
    expect(fp16?.opDeltas?.map((d) => [d.op, d.baseMs, d.variantMs])).toEqual([
      ['MatMul', 3, 5],
      ['Cast', 0.02, 2],
      ['Erf', 0, 1],
    ]);
    expect(fp16?.opDeltas?.find((d) => d.op === 'Erf')?.change).toBeNull();
    expect(other?.opDeltas).toBeNull();
    expect(failed?.profile).toBeNull();
    expect(failed?.profileError).toMatch(/out of memory/);
  });

  it('has no deltas when the reference has no profile', () => {
    const rows = labMeasures(
      output([variant('fp32', 0, {}), variant('fp16', 1, { profile: profile(1, { MatMul: 1 }) })]),
      [],
      null,
    );
    expect(rows[1]?.profile).not.toBeNull();
    expect(rows[1]?.opDeltas).toBeNull();
  });

  it('exports each profile with how it was taken: clock, resolution, runs recorded and averaged, warm-up', () => {
    const rows = labMeasures(
      output([variant('fp32', 0, { profile: profile(4, { MatMul: 3 }) }), variant('fp16', 1, {})]),
      [],
      null,
    );
    const result = {
      startedAt: '2026-12-07T00:00:00.000Z',
      model: 'm',
      settings: {},
      probe: { threads: 2, crossOriginIsolated: true, ortBuild: null, hardwareConcurrency: 2 },
      request: { backend: 'wasm', batches: [4], seq: 8, protocol: {} },
      output: output([]),
      measures: rows,
      analyses: {},
    } as unknown as LabResult;
    const exported = labExport(result, '0.1.0', {}) as { variants: { profile?: Record<string, unknown> }[] };
    expect(exported.variants[0]?.profile).toMatchObject({
      batchSize: 4,
      clock: 'cpu',
      resolutionMs: 0.001,
      warmupRuns: 2,
      runs: 3,
      runsAveraged: 3,
      wallMs: 10,
      kernelMs: 3,
      fallbacks: 0,
      copies: 0,
    });
    expect(exported.variants[1]?.profile).toBeUndefined();
  });
});
