import { describe, expect, it } from 'vitest';
import { comparePassK, setLabel, summarizePassK, type PassKSetRun, type ProblemOutcome } from './passk-run.ts';

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
        problemSet: 'bundled',
        taskId: 'a',
        format: 'humaneval',
        language: 'python',
        generateMs: 1000,
        samples: [sample('pass'), sample('fail'), sample('fail'), sample('fail'), sample('timeout')],
      },
      {
        problemSet: 'bundled',
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
    expect(s.medianGenerateMs).toBe(1000);
    expect(s.problems).toBe(2);
    // Resampling two problems whose pass@1 are 0.2 and 0: means of 0, 0.1 or 0.2, so the interval spans them.
    expect(s.passAtK[0]?.ci95?.lo).toBe(0);
    expect(s.passAtK[0]?.ci95?.hi).toBeCloseTo(0.2, 12);
    expect(s.passAtK[2]?.ci95).toBeNull();
  });
});

/** A set whose problems each have n samples, `solved` of them passing all n and the rest none. */
function setOf(id: string, language: ProblemOutcome['language'], problems: number, solved: number): PassKSetRun {
  const outcomes: ProblemOutcome[] = Array.from({ length: problems }, (_, i) => ({
    problemSet: id,
    taskId: `${id}/${i}`,
    format: 'multipl-e',
    language,
    generateMs: 100,
    samples: Array.from({ length: 2 }, () => sample(i < solved ? 'pass' : 'fail')),
  }));
  return {
    problemSet: { id, name: `${language} set ${id}`, format: 'multipl-e', language },
    sandbox: {} as PassKSetRun['sandbox'],
    timeLimit: {} as PassKSetRun['timeLimit'],
    recheck: {} as PassKSetRun['recheck'],
    oracle: null,
    summary: summarizePassK(outcomes),
  };
}

describe('comparePassK', () => {
  it('says when two languages cannot be told apart and when one is ahead', () => {
    const python = setOf('py', 'python', 40, 30);
    const lua = setOf('lua', 'lua', 40, 4);
    const js = setOf('js', 'javascript', 40, 27);
    const [pyLua, pyJs, luaJs] = comparePassK([python, lua, js]);
    expect(pyLua).toMatchObject({ a: 'py', b: 'lua', k: 1, overlap: false });
    expect(pyLua?.statement).toMatch(/^Python pass@1 0\.75 \(0\.\d\d–0\.\d\d\) and Lua 0\.10 .*Python is ahead of Lua/);
    expect(pyJs?.overlap).toBe(true);
    expect(pyJs?.statement).toContain('the intervals overlap, so this run does not tell them apart');
    expect(luaJs?.statement).toContain('JavaScript is ahead of Lua');
  });

  it('names sets by their full name where two share a language, and skips a k that some set cannot estimate', () => {
    const a = setOf('a', 'python', 5, 1);
    const b = setOf('b', 'python', 5, 2);
    expect(setLabel(a.problemSet, [a.problemSet, b.problemSet])).toBe('python set a');
    expect(setLabel(a.problemSet, [a.problemSet])).toBe('Python');
    expect(comparePassK([a, b])[0]?.statement).toMatch(/^python set a pass@1/);
    expect(comparePassK([a, b], 5)).toEqual([]);
  });
});
