// Code-generation problem sets (runs everywhere): the bundled ones, and HumanEval, MBPP, HumanEval-X and MultiPL-E
// read on the user's device through the Hub dataset viewer's /rows API, each row checked and turned into a CodeProblem.
import { parseRowsPage } from './dataset-rows.ts';
import { MULTIPLE_LANGUAGE, type CodeLanguage, type CodeProblem } from './code-problems/code-problems.ts';
import { BUNDLED_PROBLEMS } from './code-problems/bundled-problems.ts';
import { BUNDLED_MULTIPLE_LUA, BUNDLED_MULTIPLE_TS } from './code-problems/bundled-multipl-e.ts';

export interface ProblemSetEntry {
  id: string;
  name: string;
  format: CodeProblem['format'];
  /** The language of every problem in the set (HumanEval-X: one config per language). */
  language: CodeLanguage;
  source: 'bundled' | 'hub';
  hub?: { dataset: string; config: string; split: string; maxRows: number };
  licence: string;
  sources: string[];
  unverified: string[];
}

/** MultiPL-E's HumanEval translations, one config per language (161 problems in most; the Hub says how many). */
const multiplE = (language: CodeLanguage, label: string): ProblemSetEntry => ({
  id: `hub:nuprl/MultiPL-E-humaneval-${MULTIPLE_LANGUAGE[language]}`,
  name: `MultiPL-E HumanEval ${label} (from the Hub; no solutions)`,
  format: 'multipl-e',
  language,
  source: 'hub',
  hub: { dataset: 'nuprl/MultiPL-E', config: `humaneval-${MULTIPLE_LANGUAGE[language]}`, split: 'test', maxRows: 200 },
  licence: 'MIT (MultiPL-E; HumanEval is MIT)',
  sources: ['https://huggingface.co/datasets/nuprl/MultiPL-E', 'https://github.com/nuprl/MultiPL-E'],
  unverified: ['that the dataset viewer serves this config'],
});

export const PROBLEM_SETS: readonly ProblemSetEntry[] = [
  {
    id: 'bundled',
    name: `TierLab problems (bundled, ${BUNDLED_PROBLEMS.length}, HumanEval and MBPP format)`,
    format: 'humaneval',
    language: 'python',
    source: 'bundled',
    licence: 'Apache-2.0 (written for TierLab)',
    sources: [],
    unverified: [],
  },
  {
    id: 'bundled-multipl-e-ts',
    name: `TierLab problems in MultiPL-E's TypeScript layout (bundled, ${BUNDLED_MULTIPLE_TS.length}, with solutions)`,
    format: 'multipl-e',
    language: 'typescript',
    source: 'bundled',
    licence: 'Apache-2.0 (written for TierLab)',
    sources: [],
    unverified: [],
  },
  {
    id: 'bundled-multipl-e-lua',
    name: `TierLab problems in MultiPL-E's Lua layout (bundled, ${BUNDLED_MULTIPLE_LUA.length}, with solutions)`,
    format: 'multipl-e',
    language: 'lua',
    source: 'bundled',
    licence: 'Apache-2.0 (written for TierLab)',
    sources: [],
    unverified: [],
  },
  {
    id: 'hub:openai/openai_humaneval',
    name: 'HumanEval (164 problems, from the Hub)',
    format: 'humaneval',
    language: 'python',
    source: 'hub',
    hub: { dataset: 'openai/openai_humaneval', config: 'openai_humaneval', split: 'test', maxRows: 164 },
    licence: 'MIT',
    sources: ['https://huggingface.co/datasets/openai/openai_humaneval'],
    unverified: ['that the dataset viewer serves this split'],
  },
  {
    id: 'hub:google-research-datasets/mbpp',
    name: 'MBPP test split (500 problems, from the Hub)',
    format: 'mbpp',
    language: 'python',
    source: 'hub',
    hub: { dataset: 'google-research-datasets/mbpp', config: 'full', split: 'test', maxRows: 500 },
    licence: 'CC-BY-4.0',
    sources: ['https://huggingface.co/datasets/google-research-datasets/mbpp'],
    unverified: ['that the dataset viewer serves this split'],
  },
  {
    id: 'hub:tierlab/code-problems-humaneval',
    name: 'TierLab problems in HumanEval layout (this server’s mirror, ?hub=local)',
    format: 'humaneval',
    language: 'python',
    source: 'hub',
    hub: { dataset: 'tierlab/code-problems', config: 'humaneval', split: 'test', maxRows: 100 },
    licence: 'Apache-2.0 (written for TierLab)',
    sources: [],
    unverified: ['published only on this server’s mirror, not on the Hub'],
  },
  {
    id: 'hub:tierlab/code-problems-mbpp',
    name: 'TierLab problems in MBPP layout (this server’s mirror, ?hub=local)',
    format: 'mbpp',
    language: 'python',
    source: 'hub',
    hub: { dataset: 'tierlab/code-problems', config: 'mbpp', split: 'test', maxRows: 100 },
    licence: 'Apache-2.0 (written for TierLab)',
    sources: [],
    unverified: ['published only on this server’s mirror, not on the Hub'],
  },
  {
    id: 'hub:THUDM/humaneval-x-js',
    name: 'HumanEval-X JavaScript (164 problems, from the Hub)',
    format: 'humaneval-x',
    language: 'javascript',
    source: 'hub',
    hub: { dataset: 'THUDM/humaneval-x', config: 'js', split: 'test', maxRows: 164 },
    licence: 'Apache-2.0',
    sources: ['https://huggingface.co/datasets/THUDM/humaneval-x', 'https://github.com/THUDM/CodeGeeX'],
    unverified: ['that the dataset viewer serves this config'],
  },
  {
    id: 'hub:THUDM/humaneval-x-python',
    name: 'HumanEval-X Python (164 problems, from the Hub)',
    format: 'humaneval-x',
    language: 'python',
    source: 'hub',
    hub: { dataset: 'THUDM/humaneval-x', config: 'python', split: 'test', maxRows: 164 },
    licence: 'Apache-2.0',
    sources: ['https://huggingface.co/datasets/THUDM/humaneval-x', 'https://github.com/THUDM/CodeGeeX'],
    unverified: ['that the dataset viewer serves this config'],
  },
  multiplE('javascript', 'JavaScript'),
  multiplE('typescript', 'TypeScript'),
  multiplE('lua', 'Lua'),
];

/** The problems of a bundled set (the Python set for any id that names none). */
export function bundledProblems(id: string): readonly CodeProblem[] {
  if (id === 'bundled-multipl-e-ts') return BUNDLED_MULTIPLE_TS;
  return id === 'bundled-multipl-e-lua' ? BUNDLED_MULTIPLE_LUA : BUNDLED_PROBLEMS;
}

const MAX_CODE = 20_000;
/** Most stop tokens a MultiPL-E row may carry, and their longest. */
const MAX_STOP_TOKENS = 20;
const MAX_STOP_CHARS = 100;
const str = (v: unknown): string | null => (typeof v === 'string' && v.length <= MAX_CODE ? v : null);

/** Problems of one /rows answer; rows missing a field, or with oversized code, are skipped and counted. */
export function readProblemsPage(
  json: unknown,
  format: CodeProblem['format'],
  language: CodeLanguage = 'python',
): { problems: CodeProblem[]; total: number; skipped: number } {
  const columns =
    format === 'humaneval'
      ? ['task_id', 'prompt', 'canonical_solution', 'test', 'entry_point']
      : format === 'humaneval-x'
        ? ['task_id', 'prompt', 'declaration', 'canonical_solution', 'test']
        : format === 'multipl-e'
          ? ['name', 'language', 'prompt', 'tests', 'stop_tokens']
          : ['task_id', 'text', 'code', 'test_list'];
  const { page } = parseRowsPage(json, columns);
  const problems: CodeProblem[] = [];
  let skipped = 0;
  for (const { row, truncated_cells } of page.rows) {
    if (truncated_cells?.length) {
      skipped++;
      continue;
    }
    const taskId = typeof row.task_id === 'number' ? String(row.task_id) : str(row.task_id);
    if (format === 'humaneval') {
      const [prompt, canonicalSolution, test, entryPoint] = [row.prompt, row.canonical_solution, row.test, row.entry_point].map(
        str,
      );
      if (taskId && prompt && canonicalSolution && test && entryPoint && /^[A-Za-z_]\w*$/.test(entryPoint))
        problems.push({ format, taskId, prompt, canonicalSolution, test, entryPoint });
      else skipped++;
    } else if (format === 'humaneval-x') {
      const [prompt, declaration, canonicalSolution, test] = [row.prompt, row.declaration, row.canonical_solution, row.test].map(
        str,
      );
      const exampleTest = row.example_test === undefined || row.example_test === null ? '' : str(row.example_test);
      if (taskId && prompt && typeof declaration === 'string' && canonicalSolution && test && exampleTest !== null)
        problems.push({ format, language, taskId, prompt, declaration, canonicalSolution, test, exampleTest });
      else skipped++;
    } else if (format === 'multipl-e') {
      const [name, prompt, tests] = [row.name, row.prompt, row.tests].map(str);
      const stops = row.stop_tokens;
      const stopTokens =
        Array.isArray(stops) &&
        stops.length <= MAX_STOP_TOKENS &&
        stops.every((t) => typeof t === 'string' && t.length > 0 && t.length <= MAX_STOP_CHARS)
          ? (stops as string[])
          : null;
      // A row in another language than the config's would run in the wrong interpreter: skipped, not guessed.
      if (name && prompt && tests && stopTokens && row.language === MULTIPLE_LANGUAGE[language])
        problems.push({ format, language, taskId: name, prompt, tests, stopTokens });
      else skipped++;
    } else {
      const [text, code] = [row.text, row.code].map(str);
      const tests =
        Array.isArray(row.test_list) && row.test_list.every((t) => str(t) !== null) ? (row.test_list as string[]) : null;
      const setup = row.test_setup_code === undefined || row.test_setup_code === null ? '' : str(row.test_setup_code);
      if (taskId && text && code && tests && tests.length && setup !== null)
        problems.push({ format, taskId: `MBPP/${taskId}`, text, canonicalSolution: code, testList: tests, testSetupCode: setup });
      else skipped++;
    }
  }
  return { problems, total: page.num_rows_total, skipped };
}
