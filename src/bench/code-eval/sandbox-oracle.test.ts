import { describe, expect, it } from 'vitest';
import { BUNDLED_PROBLEMS } from '../../shared/code-problems/bundled-problems.ts';
import { oracleCases, oracleVerdict } from './sandbox-oracle.ts';

describe('oracleCases', () => {
  it('checks each problem twice and one looping solution', () => {
    const cases = oracleCases(BUNDLED_PROBLEMS);
    expect(cases).toHaveLength(BUNDLED_PROBLEMS.length * 2 + 1);
    expect(cases.at(-1)).toMatchObject({ kind: 'looping', expected: 'timeout' });
  });
});

describe('oracleVerdict', () => {
  it('is ok only when every outcome is the expected one', () => {
    const good = [
      { kind: 'canonical' as const, expected: 'pass' as const, outcome: 'pass' as const },
      { kind: 'wrong' as const, expected: 'fail' as const, outcome: 'fail' as const },
      { kind: 'looping' as const, expected: 'timeout' as const, outcome: 'timeout' as const },
    ];
    expect(oracleVerdict(good)).toEqual({ canonicalPassAt1: 1, wrongPassAt1: 0, loopingTimedOut: true, mismatches: 0, ok: true });
    const bad = [{ ...good[0]!, outcome: 'error' as const }, good[1]!];
    expect(oracleVerdict(bad)).toMatchObject({ canonicalPassAt1: 0, mismatches: 1, ok: false, loopingTimedOut: null });
    expect(oracleVerdict([]).ok).toBe(false);
  });
});
