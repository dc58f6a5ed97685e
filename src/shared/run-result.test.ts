import { describe, expect, it } from 'vitest';
import { parseRunResult } from './run-result.ts';
import { sampleResult } from './testing/sample-result.ts';

describe('RunResult schema', () => {
  it('accepts a complete result, also after a JSON round trip', () => {
    const r = sampleResult();
    expect(parseRunResult(r)).toEqual(r);
    expect(parseRunResult(JSON.parse(JSON.stringify(r)))).toEqual(r);
  });

  it('rejects unknown fields, wrong versions, non-finite numbers and missing parts', () => {
    expect(() => parseRunResult({ ...sampleResult(), extra: 1 })).toThrow(/extra/);
    expect(() => parseRunResult({ ...sampleResult(), schemaVersion: 2 })).toThrow(/schemaVersion/);
    const r = sampleResult();
    r.points[0]!.stats.median = Number.NaN;
    expect(() => parseRunResult(r)).toThrow(/points\.0\.stats\.median/);
    const { flags: _flags, ...noFlags } = sampleResult();
    expect(() => parseRunResult(noFlags)).toThrow(/flags/);
    expect(() => parseRunResult({ ...sampleResult(), points: [] })).toThrow(/points/);
  });
});
