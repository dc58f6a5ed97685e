import { describe, expect, it } from 'vitest';
import { readProblemsPage } from './problem-sets.ts';

const page = (features: string[], rows: Record<string, unknown>[]) => ({
  features: features.map((name, i) => ({ feature_idx: i, name, type: { dtype: 'string', _type: 'Value' } })),
  rows: rows.map((row, i) => ({ row_idx: i, row, truncated_cells: [] })),
  num_rows_total: rows.length,
});

describe('readProblemsPage', () => {
  it('reads HumanEval rows', () => {
    const r = readProblemsPage(
      page(
        ['task_id', 'prompt', 'canonical_solution', 'test', 'entry_point'],
        [
          {
            task_id: 'HumanEval/0',
            prompt: 'def f():\n',
            canonical_solution: '    return 1\n',
            test: 'def check(c):\n    assert c() == 1\n',
            entry_point: 'f',
          },
          {
            task_id: 'HumanEval/1',
            prompt: 'def g():\n',
            canonical_solution: '    pass\n',
            test: '',
            entry_point: 'g; import os',
          },
        ],
      ),
      'humaneval',
    );
    expect(r.problems).toEqual([
      {
        format: 'humaneval',
        taskId: 'HumanEval/0',
        prompt: 'def f():\n',
        canonicalSolution: '    return 1\n',
        test: 'def check(c):\n    assert c() == 1\n',
        entryPoint: 'f',
      },
    ]);
    expect(r.skipped).toBe(1);
  });

  it('reads MBPP rows with numeric ids and optional setup code', () => {
    const r = readProblemsPage(
      page(
        ['task_id', 'text', 'code', 'test_list', 'test_setup_code'],
        [
          {
            task_id: 11,
            text: 'Add.',
            code: 'def add(a, b):\n    return a + b',
            test_list: ['assert add(1, 2) == 3'],
            test_setup_code: '',
          },
          { task_id: 12, text: 'Bad.', code: 'x', test_list: [42] },
        ],
      ),
      'mbpp',
    );
    expect(r.problems.map((p) => p.taskId)).toEqual(['MBPP/11']);
    expect(r.skipped).toBe(1);
  });

  it('reads MultiPL-E rows with their stop tokens, skipping rows of another language or with bad stop tokens', () => {
    const cols = ['name', 'language', 'prompt', 'doctests', 'original', 'prompt_terminology', 'tests', 'stop_tokens'];
    const row = (name: string, language: string, stop_tokens: unknown) => ({
      name,
      language,
      prompt: 'function f(): number {\n',
      doctests: 'transform',
      original: 'x',
      prompt_terminology: 'reworded',
      tests: 'test();\n',
      stop_tokens,
    });
    const r = readProblemsPage(
      page(cols, [
        row('HumanEval_0_f', 'ts', ['\nfunction ', '\n//']),
        row('HumanEval_1_f', 'js', ['\nfunction ']),
        row('HumanEval_2_f', 'ts', [42]),
        row('HumanEval_3_f', 'ts', Array(21).fill('\n')),
      ]),
      'multipl-e',
      'typescript',
    );
    expect(r.problems).toEqual([
      {
        format: 'multipl-e',
        language: 'typescript',
        taskId: 'HumanEval_0_f',
        prompt: 'function f(): number {\n',
        tests: 'test();\n',
        stopTokens: ['\nfunction ', '\n//'],
      },
    ]);
    expect(r.skipped).toBe(3);
  });

  it('names a missing column', () => {
    expect(() => readProblemsPage(page(['task_id', 'prompt'], []), 'humaneval')).toThrow(/no column "canonical_solution"/);
  });
});
