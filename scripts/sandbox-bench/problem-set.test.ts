// The sandbox benchmark's generated HumanEval-format set.
import { describe, expect, it } from 'vitest';
import { humanEvalRows } from './problem-set.ts';

describe('humanEvalRows', () => {
  it('repeats the source rows under HumanEval task ids, keeping the features', () => {
    const source = {
      features: [{ name: 'task_id' }],
      rows: [
        { task_id: 'TierLab/0', prompt: 'a' },
        { task_id: 'TierLab/1', prompt: 'b' },
      ],
    };
    const t = humanEvalRows(source, 5);
    expect(t.features).toBe(source.features);
    expect(t.rows.map((r) => [r.task_id, r.prompt])).toEqual([
      ['HumanEval/0', 'a'],
      ['HumanEval/1', 'b'],
      ['HumanEval/2', 'a'],
      ['HumanEval/3', 'b'],
      ['HumanEval/4', 'a'],
    ]);
  });

  it('refuses an empty source', () => {
    expect(() => humanEvalRows({ features: [], rows: [] }, 3)).toThrow('no rows');
  });
});
