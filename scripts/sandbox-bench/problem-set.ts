// A HumanEval-format problem set of any size for the sandbox benchmark (Node): the bundled HumanEval-layout rows,
// repeated under new task ids, written as a dataset-viewer table so the app reads it through the rows API.
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

/** A mirror folder that is the built mirror plus openai/openai_humaneval with `size` problems; returns its path. */
export function mirrorWithHumanEval(mirrorDir: string, into: string, size: number): string {
  mkdirSync(into, { recursive: true });
  for (const entry of ['catalog.json', 'tierlab', 'tierlab-tests'])
    symlinkSync(path.join(mirrorDir, entry), path.join(into, entry));
  const source = JSON.parse(
    readFileSync(path.join(mirrorDir, 'datasets/tierlab/code-problems/humaneval/test.json'), 'utf8'),
  ) as Table;
  const dir = path.join(into, 'datasets/openai/openai_humaneval/openai_humaneval');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'test.json'), JSON.stringify(humanEvalRows(source, size)));
  symlinkSync(path.join(mirrorDir, 'datasets/tierlab'), path.join(into, 'datasets/tierlab'));
  return into;
}
