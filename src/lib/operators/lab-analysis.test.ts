// The operators lab's comparison on hand-made curves: tier totals, the pick under a budget with its accuracy cost,
// the fronts, and the three claims.
import { describe, expect, it } from 'vitest';
import type { Tier } from '../../bench/tiers/tier-model.ts';
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

const flat = (ms: number) => ({ points: [{ batch: 1, ms }], fixedMs: null, perItemMs: null });
const m = (id: string, ms: number, acc: number, extra: Partial<LabMeasure> = {}): LabMeasure => ({
  id,
  label: id,
  distilled: false,
  kinds: [],
  bytes: 1,
  accuracy: { value: acc, ci95: { lo: acc - 0.05, hi: acc + 0.05 } },
  agreement: 1,
  curve: flat(ms),
  ...extra,
});
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

  it('fronts drop the dominated variants', () => {
    const worse = [...variants, m('slow-and-bad', 200, 0.5)];
    const fronts = tierFronts(worse, tiers, tierMatrix(worse, tiers, payload, 1));
    expect(fronts.get('mobile')?.has('slow-and-bad')).toBe(false);
    expect(fronts.get('mobile')?.has('fp32')).toBe(true);
  });

  it('checks the three claims against the data, and says which were not tested', () => {
    // Within 30 ms only the distilled + static hybrid fits here: it is the pick and the fastest; the cloud's 60 ms beats 100.
    const claims = literatureClaims(variants, tierPicks(variants, tiers, matrix, 30), matrix, 'fp32');
    expect(claims.map((c) => c.verdict)).toEqual(['holds', 'holds', 'holds']);
    // With room for everything the most accurate, fp32, is picked here: distillation does not win.
    const picksAll = tierPicks(variants, [tiers[0]!], matrix, 1000);
    expect(literatureClaims(variants, picksAll, matrix, 'fp32')[0]?.verdict).toBe('does not hold');
    const noStudent = variants.filter((v) => !v.distilled);
    expect(literatureClaims(noStudent, tierPicks(noStudent, tiers, matrix, 1000), matrix, 'fp32').map((c) => c.verdict)).toEqual([
      'untested',
      'untested',
      'holds',
    ]);
    expect(verdictSentence(claims)).toContain('The cloud wins for small-input text models: holds');
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
