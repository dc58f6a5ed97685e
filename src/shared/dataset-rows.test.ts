import { describe, expect, it } from 'vitest';
import type { HubDatasetSource } from './datasets.ts';
import { pageOffsets, readRowsPage, rowsUrl } from './dataset-rows.ts';

const src: HubDatasetSource = {
  dataset: 'org/set',
  config: 'default',
  split: 'test',
  textColumn: 'code',
  labelColumn: 'label',
  maxRows: 40,
};

interface Feature {
  name: string;
  type: { dtype?: string; _type?: string; names?: string[] };
}

const page = (
  rows: unknown[],
  features: Feature[] = [
    { name: 'code', type: { dtype: 'string', _type: 'Value' } },
    { name: 'label', type: { _type: 'ClassLabel', names: ['python', 'java'] } },
  ],
) => ({
  features: features.map((f, i) => ({ feature_idx: i, ...f })),
  rows,
  num_rows_total: 250,
  num_rows_per_page: 100,
  partial: false,
});

describe('rowsUrl and pageOffsets', () => {
  it('writes the rows API query', () => {
    expect(rowsUrl('https://datasets-server.huggingface.co/', src, 100, 50)).toBe(
      'https://datasets-server.huggingface.co/rows?dataset=org%2Fset&config=default&split=test&offset=100&length=50',
    );
  });

  it('spreads pages over the split and never reads past it', () => {
    expect(pageOffsets(1000, 300)).toEqual([
      { offset: 0, length: 100 },
      { offset: 450, length: 100 },
      { offset: 900, length: 100 },
    ]);
    expect(pageOffsets(40, 300)).toEqual([{ offset: 0, length: 40 }]);
    expect(pageOffsets(250, 150)).toEqual([
      { offset: 0, length: 100 },
      { offset: 200, length: 50 },
    ]);
    expect(pageOffsets(0, 100)).toEqual([]);
  });
});

describe('readRowsPage', () => {
  it('decodes ClassLabel indices and string labels', () => {
    const r = readRowsPage(page([{ row_idx: 3, row: { code: 'x = 1', label: 0 }, truncated_cells: [] }]), src);
    expect(r).toEqual({
      samples: [{ id: 'org/set/test/3', text: 'x = 1', label: 'python', language: 'python' }],
      total: 250,
      skipped: 0,
    });
    const strings = readRowsPage(
      page(
        [{ row_idx: 0, row: { code: 'int x;', label: 'Java' } }],
        [
          { name: 'code', type: { _type: 'Value' } },
          { name: 'label', type: { _type: 'Value' } },
        ],
      ),
      src,
    );
    expect(strings.samples[0]?.label).toBe('Java');
  });

  it('skips truncated cells, unknown class indices and non-string text', () => {
    const r = readRowsPage(
      page([
        { row_idx: 0, row: { code: 'long...', label: 0 }, truncated_cells: ['code'] },
        { row_idx: 1, row: { code: 'x', label: 7 } },
        { row_idx: 2, row: { code: 42, label: 1 } },
        { row_idx: 3, row: { code: 'ok', label: 1 } },
      ]),
      src,
    );
    expect(r.skipped).toBe(3);
    expect(r.samples.map((s) => s.label)).toEqual(['java']);
  });

  it('refuses a malformed answer or a missing column with a clear message', () => {
    expect(() => readRowsPage({ error: 'The dataset does not exist.' }, src)).toThrow(/rows API answered something unexpected/);
    expect(() => readRowsPage(page([], [{ name: 'text', type: {} }]), src)).toThrow(/no column "code" \(columns: text\)/);
  });
});
