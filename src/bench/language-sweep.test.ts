import { describe, expect, it } from 'vitest';
import { sampleResult } from './testing/sample-result.ts';
import { generationPoint } from './generation.ts';
import { summarizeLanguages } from './language-sweep.ts';

describe('language sweep summary', () => {
  it('reports tokens, padding and latency relative to the fastest language', () => {
    const python = sampleResult();
    python.plan = { ...python.plan, language: 'python' };
    const java = sampleResult();
    java.plan = { ...java.plan, language: 'java' };
    java.points = java.points.map((p) => ({
      ...p,
      stats: { ...p.stats, median: p.stats.median * 1.5 },
      inputs: {
        kind: 'tokenized',
        padding: 'longest',
        sequenceLength: 90,
        tokensPerSampleMean: 80,
        paddingFraction: 0.11,
        truncatedSamples: 0,
        description: 'x',
      },
    }));
    const rows = summarizeLanguages([python, java]);
    expect(rows.map((r) => r.language)).toEqual(['python', 'java']);
    expect(rows[0]!.relativeLatency).toBe(1);
    expect(rows[1]!.relativeLatency).toBeCloseTo(1.5, 12);
    expect(rows[1]).toMatchObject({ tokensPerSample: 80, sequenceLength: 90, paddingFraction: 0.11 });
    // Without per-point inputs, the run-level summary is used.
    expect(rows[0]!.tokensPerSample).toBe(100);
    expect(rows[0]!.medians).toEqual(python.points.map((p) => p.stats.median));
    expect(rows[0]!.ttftMs).toBeNull();
  });

  it('generation sweeps report time to first token at the largest batch', () => {
    const c = sampleResult();
    const last = c.points.at(-1)!;
    c.points = [
      ...c.points.slice(0, -1),
      {
        ...last,
        generation: generationPoint(
          last.batchSize,
          last.samplesMs,
          last.samplesMs.map(() => 3),
          4,
        ),
      },
    ];
    expect(summarizeLanguages([c])[0]!.ttftMs).toBe(3);
  });
});
