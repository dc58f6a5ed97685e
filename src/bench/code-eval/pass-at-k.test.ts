import { describe, expect, it } from 'vitest';
import { meanPassAtK, passAtK } from './pass-at-k.ts';

/** The definition: 1 - C(n-c, k) / C(n, k), with exact binomials. */
function byDefinition(n: number, c: number, k: number): number {
  const choose = (a: number, b: number): number => {
    if (b < 0 || b > a) return 0;
    let r = 1;
    for (let i = 1; i <= b; i++) r = (r * (a - b + i)) / i;
    return r;
  };
  return 1 - choose(n - c, k) / choose(n, k);
}

describe('passAtK', () => {
  it('equals the definition on small cases', () => {
    for (let n = 1; n <= 12; n++)
      for (let c = 0; c <= n; c++) for (let k = 1; k <= n; k++) expect(passAtK(n, c, k)).toBeCloseTo(byDefinition(n, c, k), 12);
  });

  it('is c/n for k = 1, 0 with no correct sample and 1 when fewer than k are wrong', () => {
    expect(passAtK(10, 3, 1)).toBeCloseTo(0.3, 12);
    expect(passAtK(10, 0, 5)).toBe(0);
    expect(passAtK(10, 6, 5)).toBe(1);
    // Hand-computed: n = 5, c = 1, k = 2: 1 - C(4,2)/C(5,2) = 1 - 6/10.
    expect(passAtK(5, 1, 2)).toBeCloseTo(0.4, 12);
  });

  it('stays finite for n = 200 (the paper uses n = 200, k up to 100)', () => {
    expect(passAtK(200, 13, 100)).toBeGreaterThan(0.99);
    expect(passAtK(200, 13, 100)).toBeLessThanOrEqual(1);
  });

  it('refuses impossible inputs', () => {
    expect(() => passAtK(5, 6, 1)).toThrow(/0 <= c <= n/);
    expect(() => passAtK(3, 1, 5)).toThrow(/at least 5 samples/);
  });
});

describe('meanPassAtK', () => {
  it('averages over problems and needs k samples for each', () => {
    expect(
      meanPassAtK(
        [
          [1, 1],
          [1, 0],
        ],
        1,
      ),
    ).toBe(0.5);
    expect(
      meanPassAtK(
        [
          [10, 3],
          [10, 0],
        ],
        1,
      ),
    ).toBeCloseTo(0.15, 12);
    expect(meanPassAtK([[4, 1]], 5)).toBeNull();
    expect(meanPassAtK([], 1)).toBeNull();
  });
});
