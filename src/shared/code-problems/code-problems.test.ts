import { describe, expect, it } from 'vitest';
import { completionFor, programFor, promptOf, type HumanEvalProblem, type MbppProblem } from './code-problems.ts';

const he: HumanEvalProblem = {
  format: 'humaneval',
  taskId: 't/0',
  prompt: 'def add(a, b):\n    """Sum."""\n',
  entryPoint: 'add',
  test: 'def check(candidate):\n    assert candidate(1, 2) == 3\n',
  canonicalSolution: '    return a + b\n',
};
const mbpp: MbppProblem = {
  format: 'mbpp',
  taskId: 'm/1',
  text: 'Write a function to add two numbers.',
  testList: ['assert add(1, 2) == 3', 'assert add(0, 0) == 0'],
  testSetupCode: 'import math',
  canonicalSolution: 'def add(a, b):\n    return a + b\n',
};

describe('programFor', () => {
  it('builds the HumanEval program: prompt, completion, tests, check(entry point)', () => {
    expect(programFor(he, he.canonicalSolution)).toBe(`${he.prompt}    return a + b\n\n\n${he.test}\n\ncheck(add)\n`);
  });

  it('builds the MBPP program: completion, setup, asserts', () => {
    expect(programFor(mbpp, mbpp.canonicalSolution)).toBe(
      'def add(a, b):\n    return a + b\n\n\nimport math\nassert add(1, 2) == 3\nassert add(0, 0) == 0\n',
    );
  });
});

describe('promptOf and completionFor', () => {
  it('prompts MBPP with its text and first test', () => {
    expect(promptOf(mbpp)).toBe('"""\nWrite a function to add two numbers.\nassert add(1, 2) == 3\n"""\n');
    expect(promptOf(he)).toBe(he.prompt);
  });

  it('keeps the HumanEval body and drops what follows the function', () => {
    expect(completionFor(he, '    return a + b\n\ndef other():\n    pass\n')).toBe('    return a + b\n');
    expect(completionFor(he, '    return a + b\nprint(add(1, 2))')).toBe('    return a + b');
  });

  it('keeps MBPP helpers and drops tests the model wrote', () => {
    const generated = '\ndef helper(x):\n    return x\n\ndef add(a, b):\n    return helper(a) + b\n\nassert add(1, 1) == 2\n';
    expect(completionFor(mbpp, generated)).toBe('def helper(x):\n    return x\n\ndef add(a, b):\n    return helper(a) + b\n');
  });
});
