import { describe, expect, it } from 'vitest';
import { DATASET_COLUMNS, type DatasetRecord } from '../shared/dataset.ts';
import type { AggregateRow } from '../shared/results-api.ts';
import { crowdMismatches, recomputeCrowd } from './dataset-crowd.ts';

const row = (source: number, ms: number, deviceClass = 'phone', batch = 1, key = 'k'): DatasetRecord =>
  ({
    ...Object.fromEntries(DATASET_COLUMNS.map((c) => [c.name, null])),
    work_key: key,
    device_class: deviceClass,
    batch_size: batch,
    source,
    median_ms: ms,
  }) as DatasetRecord;

describe('crowd figures from the data set', () => {
  it('give each source one voice, by key, class and batch size', () => {
    // Source 1 sent 10, 20 and 90 (its median 20); sources 2..6 sent 30, 40, 50, 60, 70 once each.
    const rows = [
      row(1, 10),
      row(1, 20),
      row(1, 90),
      ...[30, 40, 50, 60, 70].map((ms, i) => row(i + 2, ms)),
      row(7, 5, 'laptop'),
    ];
    const [laptop, phone] = recomputeCrowd(rows);
    expect(laptop).toMatchObject({ deviceClass: 'laptop', medianMs: 5, results: 1, sources: 1, ci95: null });
    // Six voices 20, 30, 40, 50, 60, 70: median 45; six values give [min, max] at 95%.
    expect(phone).toMatchObject({ deviceClass: 'phone', medianMs: 45, results: 8, sources: 6, ci95: { lo: 20, hi: 70 } });
  });

  it('say where an API row and the recomputation differ', () => {
    const mine = recomputeCrowd([row(1, 10), row(2, 30)]);
    const api: AggregateRow = {
      key: 'k',
      work: null,
      deviceClass: 'phone',
      batchSize: 1,
      medianOfMediansMs: 20,
      ci95: null,
      count: 2,
      sources: 2,
    };
    expect(crowdMismatches(mine, [api])).toEqual([]);
    expect(crowdMismatches(mine, [{ ...api, medianOfMediansMs: 21 }])).toEqual([
      'k / phone / batch 1: median 20 here, 21 in the API',
    ]);
    expect(crowdMismatches(mine, [{ ...api, sources: 1 }])[0]).toMatch(/2 results from 2 sources here, 2 from 1/);
    expect(crowdMismatches(mine, [])).toEqual(['k / phone / batch 1: in the data set, not in the API']);
    expect(crowdMismatches([], [api])).toEqual(['k / phone / batch 1: in the API, not in the data set']);
  });
});
