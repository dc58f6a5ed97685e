import { describe, expect, it } from 'vitest';
import { summarizePassK, type ProblemOutcome } from './passk-run.ts';

const sample = (outcome: 'pass' | 'fail' | 'error' | 'timeout', newTokens = 10, sandboxMs = 5) => ({
  completion: '',
  newTokens,
  outcome,
  errorType: null,
  message: null,
  sandboxMs,
});

describe('summarizePassK', () => {
  it('estimates pass@k per problem and averages, counting outcomes and tokens per second', () => {
    const problems: ProblemOutcome[] = [
      {
        taskId: 'a',
        format: 'humaneval',
        language: 'python',
        generateMs: 1000,
        samples: [sample('pass'), sample('fail'), sample('fail'), sample('fail'), sample('timeout')],
      },
      {
        taskId: 'b',
        format: 'mbpp',
        language: 'python',
        generateMs: 1000,
        samples: [sample('error'), sample('fail'), sample('fail'), sample('fail'), sample('fail')],
      },
    ];
    const s = summarizePassK(problems);
    // Problem a: c = 1 of n = 5, pass@1 = 0.2, pass@5 = 1; problem b: 0 and 0.
    expect(s.passAtK.map((p) => p.k)).toEqual([1, 5, 10]);
    expect(s.passAtK[0]?.value).toBeCloseTo(0.1, 12);
    expect(s.passAtK[1]?.value).toBeCloseTo(0.5, 12);
    expect(s.passAtK[2]?.value).toBeNull();
    expect(s.outcomes).toEqual({ pass: 1, fail: 7, error: 1, timeout: 1, crash: 0 });
    expect(s.tokensPerSecond).toBe(50);
    expect(s.medianProblemMs).toBe(1025);
  });
});
