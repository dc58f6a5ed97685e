import { describe, expect, it } from 'vitest';
import { sampleResult } from './testing/sample-result.ts';
import { parseRunResult } from '../shared/run-result.ts';
import { CSV_COLUMNS, toCsv, toJson } from './export.ts';
import { generationPoint } from './generation.ts';

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

  it('defuses a cell a spreadsheet would run as a formula (a dropped file can be named anything)', () => {
    const r = sampleResult();
    r.model.id = '=HYPERLINK("https://example.com","x")';
    const csv = toCsv(r);
    expect(csv).toContain(`"'=HYPERLINK(""https://example.com"",""x"")"`);
    expect(csv).not.toMatch(/(^|,)=HYPERLINK/m);
  });

  it('JSON parses back to the same object', () => {
    const r = sampleResult();
    expect(JSON.parse(toJson(r))).toEqual(r);
  });

  it('a generation run validates and its CSV carries time to first token and decode rates', () => {
    const r = sampleResult();
    r.plan = { ...r.plan, runtime: 'transformers.js', generation: { newTokens: 4, decoding: 'greedy' } };
    r.points = r.points.map((p) => ({
      ...p,
      generation: generationPoint(
        p.batchSize,
        p.samplesMs,
        p.samplesMs.map((t) => t / 4),
        4,
      ),
    }));
    expect(parseRunResult(JSON.parse(toJson(r)))).toEqual(r);
    const [header, first, ...rest] = toCsv(r).trim().split('\n');
    const cell = (name: string) => first!.split(',')[header!.split(',').indexOf(name)];
    expect(Number(cell('ttft_median_ms'))).toBeCloseTo(r.points[0]!.stats.median / 4, 9);
    expect(Number(cell('new_tokens'))).toBe(4);
    expect(rest).toHaveLength(1);
    // A classifier's generation columns stay empty.
    const plain = toCsv(sampleResult()).split('\n')[1]!.split(',');
    expect(plain[CSV_COLUMNS.indexOf('ttft_median_ms')]).toBe('');
  });
});
