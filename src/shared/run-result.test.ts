import { describe, expect, it } from 'vitest';
import { parseCurrentRunResult, parseRunResult } from './run-result.ts';
import { sampleResult } from '../bench/testing/sample-result.ts';

describe('RunResult schema', () => {
  it('accepts a complete result, also after a JSON round trip', () => {
    const r = sampleResult();
    expect(parseRunResult(r)).toEqual(r);
    expect(parseRunResult(JSON.parse(JSON.stringify(r)))).toEqual(r);
  });

  it('rejects unknown fields, wrong versions, non-finite numbers and missing parts', () => {
    expect(() => parseRunResult({ ...sampleResult(), extra: 1 })).toThrow(/extra/);
    expect(() => parseRunResult({ ...sampleResult(), schemaVersion: 4 })).toThrow(/schemaVersion/);
    const r = sampleResult();
    r.points[0]!.stats.median = Number.NaN;
    expect(() => parseRunResult(r)).toThrow(/points\.0\.stats\.median/);
    const { flags: _flags, ...noFlags } = sampleResult();
    expect(() => parseRunResult(noFlags)).toThrow(/flags/);
    expect(() => parseRunResult({ ...sampleResult(), points: [] })).toThrow(/points/);
  });

  it('reads and accepts a version-2 result (no energy section) as the current version, and refuses energy in one', () => {
    const v2 = { ...sampleResult(), schemaVersion: 2 };
    expect(parseCurrentRunResult(JSON.parse(JSON.stringify(v2)))).toEqual(sampleResult());
    expect(parseRunResult(v2).schemaVersion).toBe(3);
    expect(() => parseCurrentRunResult({ ...v2, energy: {} })).toThrow(/energy/);
  });

  it('reads a version-1 result: drift ratio and discard count dropped, no unstable flag, marked as unverified', () => {
    const current = sampleResult();
    const v1 = {
      ...current,
      schemaVersion: 1,
      points: current.points.map(({ drift: _d, discarded: _x, ...p }) => ({ ...p, driftRatio: 1.01, discardedSamples: 3 })),
      flags: { ...current.flags, unstable: true },
    };
    const read = parseRunResult(JSON.parse(JSON.stringify(v1)));
    expect(read.schemaVersion).toBe(3);
    expect(read.points[0]!.drift).toBeNull();
    expect(read.points[0]!.discarded).toBeNull();
    expect(read.points[0]!.stats).toEqual(current.points[0]!.stats);
    expect('unstable' in read.flags).toBe(false);
    expect(read.notes.at(-1)).toMatch(/version 1: statistics computed by the client and not verified/);
    // The submission path reads the current version only.
    expect(() => parseCurrentRunResult(v1)).toThrow(/schemaVersion/);
    // A version-1 document with version-2 fields is not a version-1 result.
    expect(() => parseRunResult({ ...current, schemaVersion: 1 })).toThrow(/version 1/);
  });
});
