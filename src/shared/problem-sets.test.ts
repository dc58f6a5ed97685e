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

  it('names a missing column', () => {
    expect(() => readProblemsPage(page(['task_id', 'prompt'], []), 'humaneval')).toThrow(/no column "canonical_solution"/);
  });
});
