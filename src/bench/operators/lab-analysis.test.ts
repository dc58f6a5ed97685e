// The operators lab's comparison on hand-made curves: tier totals, the pick under a budget with its accuracy cost,
// the fronts, and the three claims.
import { describe, expect, it } from 'vitest';
import type { Tier } from '../tiers/tier-model.ts';
import {
  accuracyCost,
  literatureClaims,
  tierFronts,
  tierMatrix,
  tierPicks,
  verdictSentence,
  type LabMeasure,
} from './lab-analysis.ts';
import { labVariants, DEFAULT_LAB_SETTINGS } from './lab-plan.ts';
import { crowdEdgeFactor, DEFAULT_LAB_TIERS, labAssumptions, labTiers } from './lab-tiers.ts';

const flat = (ms: number) => ({ points: [{ batch: 1, ms }], fixedMs: null, perItemMs: null });
const m = (id: string, ms: number, acc: number, extra: Partial<LabMeasure> = {}): LabMeasure => ({
  id,
  label: id,
  distilled: false,
  kinds: [],
  bytes: 1,
  accuracy: { value: acc, ci95: { lo: acc - 0.05, hi: acc + 0.05 } },
  agreement: 1,
  outcomes: null,
  latency: [{ batch: 1, median: ms, lo: ms * 0.95, hi: ms * 1.05 }],
  curve: flat(ms),
  ...extra,
});
/** 40 rows: the first `right` right, the rest wrong (so two variants' rows pair up by index). */
const rowsRight = (right: number) => Array.from({ length: 40 }, (_, i) => i < right);
const fast = { name: 'wired', rttMs: 5, upMbps: 1000, downMbps: 1000, source: 'test' };
const slow = { name: '3G', rttMs: 500, upMbps: 1000, downMbps: 1000, source: 'test' };
const cloudOver = (network: typeof fast): Tier => ({ ...tiers[1]!, network });
const tiers: Tier[] = [
  { id: 'mobile', name: 'this device', compute: { kind: 'measured' }, network: null, batchWindowMs: 0, hourlyPrice: null },
  {
    id: 'cloud',
    name: 'the cloud',
    compute: { kind: 'factor', factor: 10 },
    network: { name: 'test', rttMs: 50, upMbps: 1000, downMbps: 1000, source: 'test' },
    batchWindowMs: 0,
    hourlyPrice: null,
  },
];
const payload = { tokensPerItem: 1, bytesPerToken: 0, outputsPerItem: 1, bytesPerOutput: 0, overheadBytes: 0 };

describe('lab analysis', () => {
  const variants = [
    m('fp32', 100, 0.9),
    m('static-int8', 40, 0.88, { kinds: ['static-int8'] }),
    m('distilled', 50, 0.85, { distilled: true }),
    m('distilled+static-int8', 20, 0.84, { distilled: true, kinds: ['static-int8'] }),
  ];
  const matrix = tierMatrix(variants, tiers, payload, 1);

  it('adds network and queue to a remote tier: the cloud is 1/10 of the compute plus 50 ms', () => {
    expect(matrix.get('fp32')?.map((l) => l.totalMs)).toEqual([100, 60]);
  });

  it('picks the most accurate variant within the budget on each tier, with its cost against the best', () => {
    const picks = tierPicks(variants, tiers, matrix, 45);
    expect(picks[0]).toMatchObject({ tier: 'mobile', pick: 'static-int8', fastest: 'distilled+static-int8' });
    expect(picks[0]?.cost?.value).toBeCloseTo(0.02, 10);
    // In the cloud every variant is over 45 ms (50 ms of network alone): none fits.
    expect(picks[1]).toMatchObject({ tier: 'cloud', pick: null });
  });

  it("the cost's interval combines both Wilson intervals (Newcombe)", () => {
    const c = accuracyCost(variants[0]!, variants[1]!);
    expect(c.ci95?.lo).toBeCloseTo(0.02 - Math.sqrt(0.05 ** 2 + 0.05 ** 2), 10);
    expect(c.ci95?.hi).toBeCloseTo(0.02 + Math.sqrt(0.05 ** 2 + 0.05 ** 2), 10);
  });

  it("the cost's interval takes each Wilson interval's own halves (Newcombe 1998, method 10), not their mirror", () => {
    // Lopsided intervals, as Wilson's are near 0 and 1: best 0.9 in [0.80, 0.95], pick 0.6 in [0.50, 0.75].
    // Newcombe: L = d − √((p₁ − l₁)² + (u₂ − p₂)²) = 0.3 − √(0.10² + 0.15²) = 0.119722…,
    //           U = d + √((u₁ − p₁)² + (p₂ − l₂)²) = 0.3 + √(0.05² + 0.10²) = 0.411803…
    // Swapping any half (0.05 for 0.10, or 0.15 for 0.10) moves a bound by more than 0.01.
    const best = m('best', 10, 0.9, { accuracy: { value: 0.9, ci95: { lo: 0.8, hi: 0.95 } } });
    const pick = m('pick', 5, 0.6, { accuracy: { value: 0.6, ci95: { lo: 0.5, hi: 0.75 } } });
    const c = accuracyCost(best, pick);
    expect(c.value).toBeCloseTo(0.3, 12);
    expect(c.ci95?.lo).toBeCloseTo(0.1197224362, 9);
    expect(c.ci95?.hi).toBeCloseTo(0.4118033989, 9);
  });

  it('fronts drop the dominated variants', () => {
    const worse = [...variants, m('slow-and-bad', 200, 0.5)];
    const fronts = tierFronts(worse, tiers, tierMatrix(worse, tiers, payload, 1));
    expect(fronts.get('mobile')?.has('slow-and-bad')).toBe(false);
    expect(fronts.get('mobile')?.has('fp32')).toBe(true);
  });

  const ctx = (budgetMs: number, sweep = [fast, slow]) => ({
    tiers: [tiers[0]!],
    batch: 1,
    budgetMs,
    payload,
    sweep: sweep.map((n) => ({ network: n.name, cloud: cloudOver(n) })),
  });

  it('judges the three claims on intervals, and says which were not tested', () => {
    // Within 30 ms only the distilled + static hybrid fits here (static int8's interval, 38–42 ms, is all above):
    // distillation holds; the hybrid's 19–21 ms is below every other interval; the cloud (10 ms of compute) wins
    // over the wired network and loses over 3G: it depends on the network, and says where.
    const claims = literatureClaims(variants, 'fp32', ctx(30));
    expect(claims.map((c) => c.verdict)).toEqual(['holds', 'holds', 'depends on the network']);
    expect(claims[2]!.because).toMatch(/the cloud wins over wired and loses over 3G/);
    expect(literatureClaims(variants, 'fp32', ctx(30, [fast]))[2]!.verdict).toBe('holds');
    expect(literatureClaims(variants, 'fp32', ctx(30, [slow]))[2]!.verdict).toBe('does not hold');
    const noStudent = variants.filter((v) => !v.distilled);
    expect(literatureClaims(noStudent, 'fp32', ctx(1000)).map((c) => c.verdict)).toEqual([
      'untested',
      'untested',
      'depends on the network',
    ]);
    expect(verdictSentence(claims)).toContain('Distillation wins on the constrained tiers: holds');
  });

  it('distillation is "not decided" when the paired interval includes 0, and "does not hold" when it excludes it', () => {
    // Room for everything: fp32 (36 of 40 right) against the distilled student (34 of 40, the same rows but two):
    // a point estimate said "does not hold"; the paired interval says it cannot tell.
    const close = [
      m('fp32', 100, 0.9, { outcomes: rowsRight(36) }),
      m('distilled', 50, 0.85, { distilled: true, outcomes: rowsRight(34) }),
    ];
    const c1 = literatureClaims(close, 'fp32', ctx(1000))[0]!;
    expect(c1.verdict).toBe('not decided');
    expect(c1.because).toMatch(/distilled − fp32: −5\.0 points \(95% CI −\d+\.\d to \+\d+\.\d, McNemar p = 0\.500\)/);
    const far = [
      m('fp32', 100, 0.95, { outcomes: rowsRight(38) }),
      m('distilled', 50, 0.7, { distilled: true, outcomes: rowsRight(28) }),
    ];
    expect(literatureClaims(far, 'fp32', ctx(1000))[0]!.verdict).toBe('does not hold');
  });

  it('the hybrid is "not decided" when another interval overlaps its own', () => {
    const overlapping = [
      ...variants.filter((v) => v.id !== 'static-int8'),
      m('static-int8', 20.5, 0.88, { kinds: ['static-int8'] }),
    ];
    const c2 = literatureClaims(overlapping, 'fp32', ctx(1000))[1]!;
    expect(c2.verdict).toBe('not decided');
    expect(c2.because).toContain('overlaps static-int8');
  });

  it("a pick's cost on the same rows is paired: McNemar and Newcombe's paired interval", () => {
    // 8 rows right for the best only, 1 for the pick only: p = 0.039 and the interval excludes 0.
    const best = m('best', 10, 0.7, {
      outcomes: [...rowsRight(28).slice(0, 20), ...Array(8).fill(true), false, ...Array(11).fill(false)],
    });
    const pick = m('pick', 5, 0.525, {
      outcomes: [...rowsRight(20).slice(0, 20), ...Array(8).fill(false), true, ...Array(11).fill(false)],
    });
    const c = accuracyCost(best, pick);
    expect(c.value).toBeCloseTo(0.175, 12);
    expect(c.paired?.p).toBeCloseTo(0.0390625, 9);
    expect(c.ci95!.lo).toBeGreaterThan(0);
  });

  it('plans fp32, one variant per operator, the student and its hybrids', () => {
    const ids = labVariants(DEFAULT_LAB_SETTINGS, true, 'qat.onnx').map((v) => v.id);
    expect(ids).toEqual([
      'fp32',
      'dynamic-int8',
      'static-int8',
      'fp16',
      'q4',
      'prune-ffn',
      'prune-heads',
      'prune-depth',
      'prune-unstructured',
      'distilled',
      'distilled+dynamic-int8',
      'distilled+static-int8',
      'distilled+fp16',
      'extra',
    ]);
    expect(labVariants(DEFAULT_LAB_SETTINGS, false, null)).toHaveLength(9);
  });
});

describe('the edge from a crowd device class', () => {
  it("is the class's median for the base model over this device's, and says so", () => {
    const crowd = [{ deviceClass: 'desktop', n: 12, curve: { points: [{ batch: 1, ms: 2 }], fixedMs: null, perItemMs: null } }];
    const e = crowdEdgeFactor(crowd, 'desktop', flat(10), 1);
    expect(e?.factor).toBe(5);
    expect(e?.note).toContain("the crowd's desktop class (median of 12 results");
    expect(crowdEdgeFactor(crowd, null, flat(10), 1)).toBeNull();
    expect(crowdEdgeFactor(crowd, 'phone', flat(10), 1)).toBeNull();
    // The factor reaches the edge tier the lab builds.
    const tiers = labTiers(labAssumptions(8, 2, 1, DEFAULT_LAB_TIERS, e!.factor));
    expect(tiers.find((t) => t.id === 'edge')?.compute).toEqual({ kind: 'factor', factor: 5 });
  });
});
