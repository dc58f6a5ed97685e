// Loads a problem set on the main thread: bundled problems, or HumanEval, MBPP, HumanEval-X or MultiPL-E from the dataset viewer's /rows API
// (this server's mirror with ?hub=local), page by page and cached like the classification datasets.
import { DatasetError } from '../../shared/errors.ts';
import type { CodeProblem } from '../../shared/code-problems/code-problems.ts';
import { pageOffsets, ROWS_PAGE } from '../../shared/dataset-rows.ts';
import { bundledProblems, PROBLEM_SETS, readProblemsPage, type ProblemSetEntry } from '../../shared/problem-sets.ts';
import { datasetsUrl, getPage, openDatasetCache } from '../core/dataset-client.ts';

export interface LoadedProblems {
  entry: ProblemSetEntry;
  problems: readonly CodeProblem[];
  skipped: number;
}

const url = (base: string, h: NonNullable<ProblemSetEntry['hub']>, offset: number, length: number) =>
  `${base}rows?${new URLSearchParams({ dataset: h.dataset, config: h.config, split: h.split, offset: String(offset), length: String(length) })}`;

export async function loadProblems(
  id: string,
  onProgress: (done: number, total: number) => void = () => {},
): Promise<LoadedProblems> {
  const entry = PROBLEM_SETS.find((p) => p.id === id);
  if (!entry) throw new DatasetError(`no problem set "${id}"`);
  if (!entry.hub) return { entry, problems: bundledProblems(entry.id), skipped: 0 };
  const h = entry.hub;
  const base = datasetsUrl();
  const cache = await openDatasetCache();
  const first = readProblemsPage(
    (await getPage(url(base, h, 0, Math.min(ROWS_PAGE, h.maxRows)), cache)).json,
    entry.format,
    entry.language,
  );
  const plan = pageOffsets(first.total, h.maxRows);
  const problems: CodeProblem[] = [];
  let skipped = 0;
  for (const [i, p] of plan.entries()) {
    onProgress(i, plan.length);
    const page =
      i === 0 && p.offset === 0
        ? first
        : readProblemsPage((await getPage(url(base, h, p.offset, p.length), cache)).json, entry.format, entry.language);
    problems.push(...page.problems.slice(0, p.length));
    skipped += page.skipped;
  }
  onProgress(plan.length, plan.length);
  if (problems.length === 0) throw new DatasetError(`${h.dataset} gave no usable problems (${skipped} skipped)`);
  return { entry, problems, skipped };
}
