import { describe, expect, it } from 'vitest';
import { parseRunResult } from '../../shared/run-result.ts';
import { sampleResult } from '../../bench/testing/sample-result.ts';
import { profileNode, sampleProfile } from '../../bench/testing/sample-profile.ts';
import { submissionBody } from './submission-body.ts';

function profiled(nodes: number) {
  const result = sampleResult();
  result.profile = sampleProfile([
    {
      batchSize: 1,
      wallMs: [5, 5, 5],
      runMs: [4, 4, 4],
      nodes: Array.from({ length: nodes }, (_, i) => profileNode(`/encoder/layer.${i}/MatMul`, 'MatMul', [0.1, 0.1, 0.1])),
    },
  ]);
  return result;
}

describe('submissionBody', () => {
  it('sends the whole result, profile included, when it fits', () => {
    const result = profiled(10);
    const body = JSON.parse(submissionBody(result)) as { profile?: unknown; notes: string[] };
    expect(body.profile).toEqual(result.profile);
    expect(body.notes).toEqual(result.notes);
  });

  it('leaves out a profile that would take the body past the limit, says so, and stays a valid result', () => {
    const result = profiled(2000);
    const full = JSON.stringify(result).length;
    const body = submissionBody(result, full - 1);
    const parsed = parseRunResult(JSON.parse(body));
    expect(parsed.profile).toBeUndefined();
    expect(parsed.notes.at(-1)).toMatch(/^profile left out of the submission: the result with it is [\d.]+ MB, over the/);
    expect(parsed.points).toEqual(result.points);
    // The result itself is untouched: the export keeps its profile.
    expect(result.profile).toBeDefined();
  });

  it('sends a result without a profile as it is, however large (the server then answers why)', () => {
    const result = sampleResult();
    expect(submissionBody(result, 10)).toBe(JSON.stringify(result));
  });
});
