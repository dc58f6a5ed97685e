import { describe, expect, it } from 'vitest';
import {
  csvHeader,
  csvRecord,
  DATASET_COLUMNS,
  DatasetFormatError,
  datasetFileName,
  jsonlRecord,
  parseDatasetCsv,
  parseDatasetJsonl,
  type DatasetRecord,
} from './dataset.ts';

/** A row with every column set; `over` replaces some. */
function record(over: Partial<DatasetRecord> = {}): DatasetRecord {
  const r = Object.fromEntries(
    DATASET_COLUMNS.map((c) => [c.name, c.nullable ? null : c.type === 'date' ? '2026-12-07' : c.type === 'string' ? 'x' : 3]),
  ) as DatasetRecord;
  return { ...r, ...over } as DatasetRecord;
}

describe('the data set files', () => {
  it('read back what they wrote, in both formats, quotes, commas, line breaks and defused formulas included', () => {
    const rows = [
      record({ device_class: 'linux · chrome, "quoted"\nsecond line', median_ms: 12.345678901234567, flags: 'ciNotReached' }),
      record({ gpu_vendor: '=HYPERLINK("x")', new_tokens: 16, browser_major: null }),
    ];
    expect(parseDatasetCsv(csvHeader() + rows.map(csvRecord).join(''))).toEqual(rows);
    expect(parseDatasetJsonl(rows.map(jsonlRecord).join(''))).toEqual(rows);
    // A spreadsheet sees the apostrophe, not a formula.
    expect(csvRecord(rows[1]!)).toContain(`"'=HYPERLINK(""x"")"`);
  });

  it('refuse a file that is not the data set, naming the line and the column', () => {
    const good = csvHeader() + csvRecord(record());
    const bad = (text: string) => () => parseDatasetCsv(text);
    expect(bad('id,model\n1,x\n')).toThrow(/not a v1 data set/);
    expect(bad(good.replace(',3,', ',three,'))).toThrow(/line 2: \w+ is not/);
    expect(bad(`${good}1,2\n`)).toThrow(/line 3: 2 cells, expected/);
    expect(bad(`${good}"unterminated`)).toThrow(DatasetFormatError);
    expect(bad(good.replace('x', ''))).toThrow(/line 2: \w+ is empty/);
    const line = JSON.parse(jsonlRecord(record())) as Record<string, unknown>;
    const jsonl = (o: unknown) => () => parseDatasetJsonl(`${JSON.stringify(o)}\n`);
    expect(jsonl({ ...line, extra: 1 })).toThrow(/unknown field extra/);
    expect(jsonl({ ...line, seq: 1.5 })).toThrow(/seq is not an integer/);
    expect(jsonl({ ...line, received_date: '7 Dec' })).toThrow(/received_date is not a date/);
    expect(jsonl([1, 2])).toThrow(/not an object/);
    const { source: _, ...noSource } = line;
    expect(jsonl(noSource)).toThrow(/line 1: no source/);
    expect(() => parseDatasetJsonl('{"a":\n')).toThrow(/line 1 is not JSON/);
  });

  it('name each download by its version and cut', () => {
    expect(datasetFileName('2026-12-07T10:57:10Z', 'jsonl')).toBe('tierlab-results-v1-2026-12-07T105710Z.jsonl');
  });
});
