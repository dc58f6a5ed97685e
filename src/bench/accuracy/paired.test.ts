import { describe, expect, it } from 'vitest';
import { wilson } from './classification-metrics.ts';
import { mcnemarExact, pairedDifference } from './paired.ts';

/** Rows for counts a (both right), b (first only), c (second only), d (neither). */
function rows(a: number, b: number, c: number, d: number): [boolean[], boolean[]] {
  const first = [...Array(a + b).fill(true), ...Array(c + d).fill(false)] as boolean[];
  const second = [...Array(a).fill(true), ...Array(b).fill(false), ...Array(c).fill(true), ...Array(d).fill(false)] as boolean[];
  return [first, second];
}

describe('paired accuracy difference', () => {
  it("McNemar's exact test: 2 · P(X ≤ 1) for 9 discordant pairs is 20/512", () => {
    expect(mcnemarExact(8, 1)).toBeCloseTo(20 / 512, 12);
    expect(mcnemarExact(0, 0)).toBe(1);
    expect(mcnemarExact(3, 3)).toBe(1);
  });

  it('40 rows, 8 right for the first only and 1 for the second only: the paired interval excludes 0, the unpaired did not', () => {
    // Worked from Newcombe (1998) method 10 by hand (a Python transcription of the published formulas):
    // Δ = 0.175, paired [0.0372, 0.3015]; the independent-samples interval from the two Wilson intervals is
    // [-0.0372, 0.3666] and includes 0, though McNemar's test gives p = 0.039.
    const [first, second] = rows(20, 8, 1, 11);
    const d = pairedDifference(first, second);
    expect(d).toMatchObject({ n: 40, onlyFirst: 8, onlySecond: 1 });
    expect(d.value).toBeCloseTo(0.175, 12);
    expect(d.ci95.lo).toBeCloseTo(0.03716973, 6);
    expect(d.ci95.hi).toBeCloseTo(0.30153518, 6);
    expect(d.p).toBeCloseTo(0.0390625, 9);
    // Newcombe's unpaired hybrid interval, as the lab once computed it: its lower end is below 0.
    const [w1, w2] = [wilson(28, 40), wilson(21, 40)];
    expect(0.175 - Math.sqrt((0.7 - w1.lo) ** 2 + (w2.hi - 0.525) ** 2)).toBeCloseTo(-0.0372, 3);
  });

  it('identical rows differ by exactly 0 with p = 1', () => {
    const [first] = rows(10, 0, 0, 5);
    const d = pairedDifference(first, first);
    expect(d.value).toBe(0);
    expect(d.p).toBe(1);
    expect(d.ci95.lo).toBeLessThanOrEqual(0);
    expect(d.ci95.hi).toBeGreaterThanOrEqual(0);
  });
});
