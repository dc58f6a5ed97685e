// Reading labelled samples from the Hub dataset viewer's /rows API (runs everywhere, pure): request URLs, pages spread
// over a split, and a strict reading of each page (remote data is checked, never trusted).
import { DataFormatError } from './errors.ts';
import * as v from 'valibot';
import type { HubDatasetSource, LabelledSample } from './datasets.ts';

/** The rows API returns at most this many rows per request. */
export const ROWS_PAGE = 100;
const MAX_TEXT = 100_000;

const FeatureSchema = v.object({
  name: v.string(),
  type: v.object({ _type: v.optional(v.string()), names: v.optional(v.array(v.string())) }),
});
const RowsPageSchema = v.object({
  features: v.pipe(v.array(FeatureSchema), v.maxLength(1000)),
  rows: v.pipe(
    v.array(
      v.object({
        row_idx: v.number(),
        row: v.record(v.string(), v.unknown()),
        truncated_cells: v.optional(v.array(v.string())),
      }),
    ),
    v.maxLength(ROWS_PAGE),
  ),
  num_rows_total: v.pipe(v.number(), v.integer(), v.minValue(0)),
});

/** The /rows request for one page. `base` ends with a slash (https://datasets-server.huggingface.co/ or a mirror). */
export function rowsUrl(base: string, src: HubDatasetSource, offset: number, length: number): string {
  const q = new URLSearchParams({
    dataset: src.dataset,
    config: src.config,
    split: src.split,
    offset: String(offset),
    length: String(length),
  });
  return `${base}rows?${q}`;
}

/**
 * Pages that read at most `maxRows` of `total` rows, spread evenly over the split (many splits are sorted by label,
 * so the first rows would all share one).
 */
export function pageOffsets(total: number, maxRows: number, pageSize = ROWS_PAGE): { offset: number; length: number }[] {
  const want = Math.min(total, maxRows);
  if (want <= 0) return [];
  const pages = Math.ceil(want / pageSize);
  const out: { offset: number; length: number }[] = [];
  for (let i = 0; i < pages; i++) {
    const length = Math.min(pageSize, want - i * pageSize);
    const start = pages === 1 ? 0 : Math.floor((i * (total - length)) / (pages - 1));
    out.push({ offset: start, length });
  }
  return out;
}

export interface RowsPage {
  samples: LabelledSample[];
  total: number;
  /** Rows left out: a truncated or missing text cell, or a label that is not a string or class index. */
  skipped: number;
}

export type ParsedRowsPage = v.InferOutput<typeof RowsPageSchema>;

/** Checks one /rows answer's shape and that it has `columns`; returns it with the ClassLabel names per column. */
export function parseRowsPage(
  json: unknown,
  columns: readonly string[],
): { page: ParsedRowsPage; names: Map<string, string[] | undefined> } {
  const parsed = v.safeParse(RowsPageSchema, json);
  if (!parsed.success) throw new DataFormatError(`the rows API answered something unexpected: ${parsed.issues[0].message}`);
  const page = parsed.output;
  const names = new Map(page.features.map((f) => [f.name, f.type.names]));
  for (const col of columns)
    if (!names.has(col))
      throw new DataFormatError(`the dataset has no column "${col}" (columns: ${[...names.keys()].join(', ')})`);
  return { page, names };
}

/** Reads one /rows answer: text and label columns, ClassLabel indices turned into names. */
export function readRowsPage(json: unknown, src: HubDatasetSource): RowsPage {
  const { page, names } = parseRowsPage(json, [src.textColumn, src.labelColumn]);
  const labelNames = names.get(src.labelColumn);
  const langNames = src.languageColumn ? names.get(src.languageColumn) : undefined;
  const decode = (value: unknown, classNames: string[] | undefined): string | null => {
    if (typeof value === 'string') return value.slice(0, 200);
    if (typeof value === 'number' && classNames && Number.isInteger(value)) return classNames[value] ?? null;
    return null;
  };
  const samples: LabelledSample[] = [];
  let skipped = 0;
  for (const r of page.rows) {
    const text = r.row[src.textColumn];
    const label = decode(r.row[src.labelColumn], labelNames);
    const language = src.languageColumn ? decode(r.row[src.languageColumn], langNames) : label;
    if (
      typeof text !== 'string' ||
      text.length > MAX_TEXT ||
      r.truncated_cells?.includes(src.textColumn) ||
      !label ||
      !language
    ) {
      skipped++;
      continue;
    }
    samples.push({ id: `${src.dataset}/${src.split}/${r.row_idx}`, text, label, language });
  }
  return { samples, total: page.num_rows_total, skipped };
}
