import { describe, expect, it } from 'vitest';
import { sampleResult } from '../shared/testing/sample-result.ts';
import { CSV_COLUMNS, toCsv, toJson } from './export.ts';

describe('exports', () => {
  it('CSV has a header and one row per batch size with matching columns', () => {
    const lines = toCsv(sampleResult()).trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe(CSV_COLUMNS.join(','));
    const row = lines[1]!.split(',');
    expect(row).toHaveLength(CSV_COLUMNS.length);
    expect(row[0]).toBe('1');
    expect(Number(row[2])).toBe(5);
  });

  it('quotes cells with commas', () => {
    const r = sampleResult();
    r.model.id = 'a,"b"';
    expect(toCsv(r)).toContain('"a,""b"""');
  });

  it('JSON parses back to the same object', () => {
    const r = sampleResult();
    expect(JSON.parse(toJson(r))).toEqual(r);
  });
});
