// The local mirror's dataset viewer (Node, server): answers /datasets-server/rows like the Hub's /rows API from the
// tables the builder wrote under <mirror>/datasets/, so the app's remote dataset path runs without the Hub.
import { readFile } from 'node:fs/promises';
import path from 'node:path';

export interface RowsAnswer {
  status: 200 | 400 | 404;
  body: unknown;
}

const NAME = /^(?!\.+$)[A-Za-z0-9_.-]{1,100}$/;

/** The /rows answer for `query` (dataset, config, split, offset, length at most 100). */
export async function rowsAnswer(mirrorDir: string, query: URLSearchParams): Promise<RowsAnswer> {
  const dataset = query.get('dataset') ?? '';
  const config = query.get('config') ?? '';
  const split = query.get('split') ?? '';
  const offset = Number(query.get('offset') ?? 0);
  const length = Number(query.get('length') ?? 100);
  const [org, name, extra] = dataset.split('/');
  if (!org || !name || extra !== undefined || ![org, name, config, split].every((s) => NAME.test(s)))
    return { status: 400, body: { error: 'dataset, config and split are required' } };
  if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(length) || length < 1 || length > 100)
    return { status: 400, body: { error: 'offset must be >= 0 and length between 1 and 100' } };
  let table: { features: unknown[]; rows: unknown[] };
  try {
    table = JSON.parse(await readFile(path.join(mirrorDir, 'datasets', org, name, config, `${split}.json`), 'utf8'));
  } catch {
    return { status: 404, body: { error: `The dataset ${dataset} (${config}/${split}) does not exist on this mirror.` } };
  }
  const rows = table.rows.slice(offset, offset + length).map((row, i) => ({ row_idx: offset + i, row, truncated_cells: [] }));
  return {
    status: 200,
    body: { features: table.features, rows, num_rows_total: table.rows.length, num_rows_per_page: 100, partial: false },
  };
}
