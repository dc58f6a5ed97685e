// The mirror's /rows answers, read back with the app's own page reader.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRowsPage } from '../src/shared/dataset-rows.ts';
import { BUNDLED_PROBLEMS } from '../src/shared/code-problems/bundled-problems.ts';
import { readProblemsPage } from '../src/shared/problem-sets.ts';
import { HUB_DATASETS } from '../src/shared/datasets.ts';
import { LANGUAGE_ID_SET } from '../src/shared/datasets/language-id-set.ts';
import { writeDatasetMirror } from '../models/fixtures/datasets.ts';
import { rowsAnswer } from './datasets-mirror.ts';

let dir: string;
const src = HUB_DATASETS[0]!.hub!;
const q = (o: Record<string, string>) =>
  new URLSearchParams({ dataset: src.dataset, config: src.config, split: src.split, ...o });

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tierlab-datasets-'));
  await writeDatasetMirror(dir);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('rowsAnswer', () => {
  it('pages through the set like the Hub, and the app reads every sample back with its label', async () => {
    const first = await rowsAnswer(dir, q({ offset: '0', length: '30' }));
    const rest = await rowsAnswer(dir, q({ offset: '30', length: '30' }));
    expect(first.status).toBe(200);
    const samples = [...readRowsPage(first.body, src).samples, ...readRowsPage(rest.body, src).samples];
    expect(samples.map((s) => [s.text, s.label])).toEqual(LANGUAGE_ID_SET.map((s) => [s.text, s.label]));
    expect(readRowsPage(first.body, src).total).toBe(LANGUAGE_ID_SET.length);
  });

  it('serves the bundled problems in HumanEval and MBPP layouts, read back to the same problems', async () => {
    const ask = (config: string) =>
      rowsAnswer(
        dir,
        new URLSearchParams({ dataset: 'tierlab/code-problems', config, split: 'test', offset: '0', length: '100' }),
      );
    const he = readProblemsPage((await ask('humaneval')).body, 'humaneval');
    const mbpp = readProblemsPage((await ask('mbpp')).body, 'mbpp');
    expect(he.skipped + mbpp.skipped).toBe(0);
    const solutions = [...he.problems, ...mbpp.problems].map((p) => p.canonicalSolution);
    expect(solutions).toEqual(BUNDLED_PROBLEMS.map((p) => p.canonicalSolution));
  });

  it('answers 404 for an unknown dataset and 400 for bad parameters, never reading outside the mirror', async () => {
    expect((await rowsAnswer(dir, q({ dataset: 'nobody/nothing' }))).status).toBe(404);
    expect((await rowsAnswer(dir, q({ length: '101' }))).status).toBe(400);
    expect((await rowsAnswer(dir, q({ dataset: '../../etc' }))).status).toBe(400);
    expect((await rowsAnswer(dir, q({ split: '../test' }))).status).toBe(400);
    expect((await rowsAnswer(dir, q({ dataset: '../tierlab' }))).status).toBe(400);
  });
});
