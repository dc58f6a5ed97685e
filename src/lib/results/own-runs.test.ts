import { describe, expect, it } from 'vitest';
import { sampleResult } from '../../bench/testing/sample-result.ts';
import type { SentEntry } from '../submit/outbox-entries.ts';
import { ownSeries } from './own-runs.ts';

const run = sampleResult();
const model = run.model.id;
const sent = (clientResultId: string, sentAt: string, variant = run.model.variant): SentEntry => ({
  key: `k-${sentAt}`,
  id: 'x',
  clientResultId,
  sentAt,
  modelId: model,
  variant,
  backend: run.environment.executionProvider,
  flags: [],
  points: [{ batchSize: 1, medianMs: 7 }],
});

describe('ownSeries', () => {
  it('needs a model to compare with', () => {
    expect(ownSeries({}, run, [])).toEqual([]);
  });

  it('draws this run with its medians and says whether it was submitted', () => {
    const [line] = ownSeries({ model }, run, []);
    expect(line?.label).toMatch(/not submitted/);
    expect(line?.points).toEqual(run.points.map((p) => ({ x: p.batchSize, y: p.stats.median })));
    expect(ownSeries({ model }, run, [sent(run.id, '2026-11-21T10:00:00Z')])[0]?.label).toMatch(/, submitted/);
  });

  it('adds the latest other submitted run of the same variant, not this one twice', () => {
    const lines = ownSeries({ model }, run, [
      sent(run.id, '2026-11-21T12:00:00Z'),
      sent('older', '2026-11-20T09:00:00Z'),
      sent('newer', '2026-11-21T09:00:00Z'),
    ]);
    expect(lines).toHaveLength(2);
    expect(lines[1]?.label).toContain('2026-11-21 09:00');
  });

  it('leaves out runs of another variant or model', () => {
    expect(ownSeries({ model, variant: 'q4' }, run, [sent('other', '2026-11-21T09:00:00Z', 'fp32')])).toEqual([]);
    expect(ownSeries({ model: 'someone/else' }, run, [])).toEqual([]);
  });
});
