// The open data set's contract (any thread, pure): its version, licence, columns with their meaning (the data
// dictionary), one record per result and batch size, and parsers of both files (CSV and JSON Lines) that treat a
// download as hostile input. The server writes records with these functions; the recompute script and the app read
// them back with these parsers.
import { csvLine } from './csv.ts';
import { DatasetFormatError } from './errors.ts';

/** The data set's format version: in its URLs and file names. A change to a column's meaning is a new version. */
export const DATASET_VERSION = 1;

export const DATASET_LICENCE = {
  id: 'CC0-1.0',
  name: 'CC0 1.0 Universal (public domain dedication)',
  url: 'https://creativecommons.org/publicdomain/zero/1.0/',
} as const;

/** The licence line shown beside the downloads and in the dictionary. */
export const LICENCE_LINE = `Licence: ${DATASET_LICENCE.name}, ${DATASET_LICENCE.url}. Anyone may use, share and adapt it, without asking.`;

type ColumnType = 'string' | 'integer' | 'number' | 'date';

interface Column {
  name: string;
  type: ColumnType;
  /** Empty allowed (null in JSON Lines). */
  nullable: boolean;
  meaning: string;
}

const col = (name: string, type: ColumnType, meaning: string, nullable = false): Column => ({ name, type, nullable, meaning });

/** The data dictionary, in the CSV's column order. */
export const DATASET_COLUMNS = [
  col(
    'result_id',
    'string',
    'The stored result (a random UUID); its page is /#/results/<id>. A result has one row per batch size.',
  ),
  col('received_date', 'date', 'UTC day the server stored it (YYYY-MM-DD); the time of day is left out.'),
  col(
    'source',
    'integer',
    'Which rows came from one network, as a number 1, 2, 3… in order of each source’s first result in this download. It says nothing about the network itself; crowd figures give each source one voice.',
  ),
  col(
    'work_key',
    'string',
    'The comparability key: the fields model … new_tokens joined by "|". Crowd figures pool one key only.',
  ),
  col('model', 'string', 'Catalog model id.'),
  col('variant', 'string', 'Catalog variant (dtype): fp32, fp16, int8, q4 …'),
  col('runtime', 'string', 'onnxruntime-web (an inference session) or transformers.js (its pipeline).'),
  col('backend', 'string', 'The execution provider that actually ran: wasm or webgpu.'),
  col('seq', 'integer', 'Sequence length of the plan: the length fed (max-length padding) or its cap (longest).'),
  col('padding', 'string', 'max-length or longest.'),
  col('language', 'string', 'Input language of the snippets, or mixed.'),
  col('inputs', 'string', 'tokenized (real snippets through the tokenizer) or synthetic (random ids).'),
  col('new_tokens', 'integer', 'Tokens generated per sequence (generators); empty for a forward pass.', true),
  col(
    'device_class',
    'string',
    'The group crowd figures are drawn per: OS · browser · GPU (or cpu) · cores · memory, as the server bucketed them.',
  ),
  col('engine', 'string', 'Browser engine: blink, gecko, webkit or other (every iPhone browser is webkit).'),
  col('os_family', 'string', 'OS family from the user agent (android, ios, windows, macos, linux, chromeos, other).'),
  col('browser_family', 'string', 'Browser family from the user agent.'),
  col('browser_major', 'integer', 'Browser major version.', true),
  col('gpu_vendor', 'string', 'GPU vendor as the WebGPU adapter named it; empty without WebGPU.', true),
  col('gpu_architecture', 'string', 'GPU architecture as the adapter named it; empty when not given.', true),
  col('cores', 'string', 'Logical cores, bucketed.'),
  col('memory', 'string', 'Device memory, bucketed (as navigator.deviceMemory gives it).'),
  col('threads', 'integer', 'WASM threads in effect (context, not part of the key).'),
  col(
    'ort_build',
    'string',
    'The onnxruntime-web build that ran (context); empty on results from before builds were chosen.',
    true,
  ),
  col('batch_size', 'integer', 'Batch size of this row.'),
  col('median_ms', 'number', 'Median latency of one batch, ms, recomputed by the server from the samples.'),
  col('p90_ms', 'number', '90th percentile latency, ms.'),
  col('ci95_lo_ms', 'number', 'Lower end of the run’s own interval for its median, ms.'),
  col('ci95_hi_ms', 'number', 'Upper end of that interval, ms.'),
  col('throughput_items_per_s', 'number', 'Items (sequences) per second at this batch size.'),
  col('samples', 'integer', 'Timed samples behind the median.'),
  col(
    'flags',
    'string',
    'Informational validity flags, space separated; empty when none (results with other flags are not in the data set).',
    true,
  ),
] as const satisfies readonly Column[];

export type DatasetColumn = (typeof DATASET_COLUMNS)[number]['name'];
/** One row: a result at one batch size. */
export type DatasetRecord = Record<DatasetColumn, string | number | null>;

/** GET /api/dataset: what the data set is, as of now. */
export interface DatasetInfo {
  version: number;
  licence: typeof DATASET_LICENCE;
  licenceLine: string;
  /** Unflagged results a download begun now would hold. */
  results: number;
  /** ISO 8601 UTC instant of that count. */
  asOf: string;
  files: { csv: string; jsonl: string };
  rows: string;
  columns: readonly Column[];
}

/** Where the files of this version are served. */
export const DATASET_FILES = {
  csv: `/api/dataset/v${DATASET_VERSION}/results.csv`,
  jsonl: `/api/dataset/v${DATASET_VERSION}/results.jsonl`,
} as const;

/** The file name of a download: its version and the moment it was cut. */
export const datasetFileName = (cutAt: string, format: 'csv' | 'jsonl'): string =>
  `tierlab-results-v${DATASET_VERSION}-${cutAt.slice(0, 19).replace(/:/g, '')}Z.${format}`;

export const csvHeader = (): string => `${DATASET_COLUMNS.map((c) => c.name).join(',')}\n`;
export const csvRecord = (r: DatasetRecord): string => `${csvLine(DATASET_COLUMNS.map((c) => r[c.name]))}\n`;
export const jsonlRecord = (r: DatasetRecord): string => `${JSON.stringify(r)}\n`;

export { DatasetFormatError };

/** One cell, checked against its column (CSV cells arrive as text, JSON values as they are). */
function cell(c: Column, raw: unknown, where: string): string | number | null {
  if (raw === null || raw === undefined || raw === '') {
    if (c.nullable) return null;
    throw new DatasetFormatError(`${where}: ${c.name} is empty`);
  }
  if (c.type === 'string' || c.type === 'date') {
    // The CSV writer defuses formulas with a leading apostrophe; no column's values start with one.
    const text = typeof raw === 'string' ? raw.replace(/^'(?=[=+\-@\t\r])/, '') : null;
    if (text === null || text.length > 1000) throw new DatasetFormatError(`${where}: ${c.name} is not a short text`);
    if (c.type === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(text)) throw new DatasetFormatError(`${where}: ${c.name} is not a date`);
    return text;
  }
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
  if (!Number.isFinite(n) || (c.type === 'integer' && !Number.isInteger(n)))
    throw new DatasetFormatError(`${where}: ${c.name} is not ${c.type === 'integer' ? 'an integer' : 'a number'}`);
  return n;
}

function recordOf(values: (name: string) => unknown, where: string): DatasetRecord {
  const out: Partial<DatasetRecord> = {};
  for (const c of DATASET_COLUMNS) out[c.name] = cell(c, values(c.name), where);
  return out as DatasetRecord;
}

/** The cells of CSV text (RFC 4180: quoted cells may hold commas, quotes and line breaks). */
function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cellText = '';
  let quoted = false;
  const endCell = () => {
    row.push(cellText);
    cellText = '';
  };
  const endRow = () => {
    endCell();
    rows.push(row);
    row = [];
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch !== '"') cellText += ch;
      else if (text[i + 1] === '"') {
        cellText += '"';
        i++;
      } else quoted = false;
    } else if (ch === '"' && cellText === '') quoted = true;
    else if (ch === ',') endCell();
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRow();
    } else cellText += ch;
  }
  if (quoted) throw new DatasetFormatError('the CSV ends inside a quoted cell');
  if (cellText !== '' || row.length > 0) endRow();
  return rows;
}

/** The records of a CSV download; throws DatasetFormatError naming the line of the first bad cell. */
export function parseDatasetCsv(text: string): DatasetRecord[] {
  const [header, ...rows] = csvRows(text);
  const expected = DATASET_COLUMNS.map((c) => c.name);
  if (!header || header.join(',') !== expected.join(','))
    throw new DatasetFormatError(`not a v${DATASET_VERSION} data set: the header is not ${expected.slice(0, 3).join(',')}…`);
  return rows.map((cells, i) => {
    if (cells.length !== expected.length)
      throw new DatasetFormatError(`line ${i + 2}: ${cells.length} cells, expected ${expected.length}`);
    return recordOf((name) => cells[expected.indexOf(name)], `line ${i + 2}`);
  });
}

/** The records of a JSON Lines download (one object per line, every column present). */
export function parseDatasetJsonl(text: string): DatasetRecord[] {
  return text
    .split('\n')
    .map((line, i) => ({ line, i }))
    .filter(({ line }) => line.trim() !== '')
    .map(({ line, i }) => {
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        throw new DatasetFormatError(`line ${i + 1} is not JSON`);
      }
      if (!value || typeof value !== 'object' || Array.isArray(value))
        throw new DatasetFormatError(`line ${i + 1} is not an object`);
      const o = value as Record<string, unknown>;
      const extra = Object.keys(o).find((k) => !DATASET_COLUMNS.some((c) => c.name === k));
      if (extra !== undefined) throw new DatasetFormatError(`line ${i + 1}: unknown field ${extra.slice(0, 40)}`);
      const missing = DATASET_COLUMNS.find((c) => !(c.name in o));
      if (missing) throw new DatasetFormatError(`line ${i + 1}: no ${missing.name}`);
      return recordOf((name) => o[name], `line ${i + 1}`);
    });
}
