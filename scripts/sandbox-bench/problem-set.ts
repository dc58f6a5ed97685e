// Problem sets of any size for the sandbox benchmark (Node): the bundled HumanEval-layout rows and the HumanEval-X
// JavaScript rows, repeated under new task ids (or, for JavaScript, the real HumanEval-X rows from a JSONL file),
// written as dataset-viewer tables so the app reads them through the rows API.
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

interface Table {
  features: unknown[];
  rows: Record<string, unknown>[];
}

/** `size` rows in HumanEval's layout, cycling through `source`'s rows, task ids HumanEval/0.. like the real set. */
export function humanEvalRows(source: Table, size: number): Table {
  if (source.rows.length === 0) throw new Error('no rows to repeat');
  const rows = Array.from({ length: size }, (_, i) => ({ ...source.rows[i % source.rows.length], task_id: `HumanEval/${i}` }));
  return { features: source.features, rows };
}

/** `size` rows of the real HumanEval-X JavaScript set from its JSONL file (codegeex/benchmark/humaneval-x/js/data/
 *  humaneval_js.jsonl.gz in THUDM/CodeGeeX, unzipped), in the Hub's column layout. */
export function humanEvalXRowsFromJsonl(file: string, size: number): Table {
  const fields = ['task_id', 'prompt', 'declaration', 'canonical_solution', 'test', 'example_test'];
  const rows = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .slice(0, size)
    .map((l) => {
      const r = JSON.parse(l) as Record<string, unknown>;
      return Object.fromEntries(fields.map((f) => [f, String(r[f] ?? '')]));
    });
  const features = fields.map((name, i) => ({ feature_idx: i, name, type: { dtype: 'string', _type: 'Value' } }));
  return { features, rows };
}

/** A mirror folder that is the built mirror plus openai/openai_humaneval, THUDM/humaneval-x's js config and
 *  nuprl/MultiPL-E's humaneval-ts and humaneval-lua configs with `size` problems each (the real JavaScript rows where
 *  `hxJs` names their JSONL file; MultiPL-E rows have no solutions, so their check runs empty bodies and the loop);
 *  returns its path. */
export function mirrorWithHumanEval(mirrorDir: string, into: string, size: number, hxJs: string | null = null): string {
  mkdirSync(into, { recursive: true });
  for (const entry of ['catalog.json', 'tierlab', 'tierlab-tests'])
    symlinkSync(path.join(mirrorDir, entry), path.join(into, entry));
  const source = JSON.parse(
    readFileSync(path.join(mirrorDir, 'datasets/tierlab/code-problems/humaneval/test.json'), 'utf8'),
  ) as Table;
  const dir = path.join(into, 'datasets/openai/openai_humaneval/openai_humaneval');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'test.json'), JSON.stringify(humanEvalRows(source, size)));
  const js = JSON.parse(readFileSync(path.join(mirrorDir, 'datasets/THUDM/humaneval-x/js/test.json'), 'utf8')) as Table;
  const hx = hxJs
    ? humanEvalXRowsFromJsonl(hxJs, size)
    : { features: js.features, rows: humanEvalRows(js, size).rows.map((r, i) => ({ ...r, task_id: `JavaScript/${i}` })) };
  const hxDir = path.join(into, 'datasets/THUDM/humaneval-x/js');
  mkdirSync(hxDir, { recursive: true });
  writeFileSync(path.join(hxDir, 'test.json'), JSON.stringify(hx));
  for (const config of ['humaneval-ts', 'humaneval-lua']) {
    const table = JSON.parse(readFileSync(path.join(mirrorDir, `datasets/nuprl/MultiPL-E/${config}/test.json`), 'utf8')) as Table;
    const dir = path.join(into, `datasets/nuprl/MultiPL-E/${config}`);
    mkdirSync(dir, { recursive: true });
    const rows = Array.from({ length: size }, (_, i) => {
      const row = table.rows[i % table.rows.length] as Record<string, unknown>;
      return { ...row, name: String(row.name).replace(/^HumanEval_\d+_/, `HumanEval_${i}_`) };
    });
    writeFileSync(path.join(dir, 'test.json'), JSON.stringify({ features: table.features, rows }));
  }
  symlinkSync(path.join(mirrorDir, 'datasets/tierlab'), path.join(into, 'datasets/tierlab'));
  return into;
}
