// Code-generation problems in the common formats (runs everywhere): HumanEval (prompt, entry point, test code
// defining check(candidate)), MBPP (text, test asserts), HumanEval-X (one config per language, tests that call
// themselves) and MultiPL-E (HumanEval translated per language: prompt, tests, stop tokens; no solutions); and the
// program the sandbox runs for one completion, as each official harness builds it.

/** The languages TierLab can run a completion in (docs/code.md says which runtime runs each, and why not others). */
export const CODE_LANGUAGES = ['python', 'javascript', 'typescript', 'lua'] as const;
export type CodeLanguage = (typeof CODE_LANGUAGES)[number];

/** MultiPL-E's `language` field for each language TierLab runs (its configs are `humaneval-<this>`). */
export const MULTIPLE_LANGUAGE: Readonly<Record<CodeLanguage, string>> = {
  python: 'py',
  javascript: 'js',
  typescript: 'ts',
  lua: 'lua',
};

export interface HumanEvalProblem {
  format: 'humaneval';
  taskId: string;
  /** Signature and docstring; the model continues it. */
  prompt: string;
  entryPoint: string;
  /** Defines check(candidate), which asserts. */
  test: string;
  /** A correct body, continuing the prompt (the oracle expects it to pass). */
  canonicalSolution: string;
  /** A plausible but wrong body (the oracle expects it to fail). Written for TierLab; not in the public sets. */
  wrongSolution?: string;
}

export interface MbppProblem {
  format: 'mbpp';
  taskId: string;
  text: string;
  /** Asserts, one per line. */
  testList: string[];
  testSetupCode: string;
  /** A complete correct function. */
  canonicalSolution: string;
  wrongSolution?: string;
}

/**
 * A HumanEval-X row (THUDM/humaneval-x, one config per language): the prompt ends inside the function, the
 * canonical solution continues it (closing brace included in JavaScript), and `test` calls its own checks.
 */
export interface HumanEvalXProblem {
  format: 'humaneval-x';
  language: CodeLanguage;
  taskId: string;
  prompt: string;
  /** The signature alone (HumanEval-X's `declaration`); kept for the record, not used to build programs. */
  declaration: string;
  canonicalSolution: string;
  test: string;
  exampleTest: string;
  wrongSolution?: string;
}

/**
 * A MultiPL-E row (nuprl/MultiPL-E, configs `humaneval-<lang>`): the prompt ends where the function's body starts,
 * generation stops at the row's stop tokens, and the program is prompt + completion + "\n" + tests, which ends
 * normally only if every test passes. The set has no solutions; TierLab's own problems in this layout carry theirs.
 */
export interface MultiPLEProblem {
  format: 'multipl-e';
  language: CodeLanguage;
  /** MultiPL-E's `name`, e.g. HumanEval_0_has_close_elements. */
  taskId: string;
  prompt: string;
  tests: string;
  stopTokens: string[];
  /** A correct body continuing the prompt, closing brace included (TierLab's problems only). */
  canonicalSolution?: string;
  wrongSolution?: string;
}

export type CodeProblem = HumanEvalProblem | MbppProblem | HumanEvalXProblem | MultiPLEProblem;

export function languageOf(p: CodeProblem): CodeLanguage {
  return p.format === 'humaneval-x' || p.format === 'multipl-e' ? p.language : 'python';
}

/** Whether a problem's language writes functions with braces (JavaScript and TypeScript). */
const braced = (p: CodeProblem): boolean => languageOf(p) === 'javascript' || languageOf(p) === 'typescript';

/**
 * Whether output alone fails a program. HumanEval-X's JavaScript tests use console.assert, which prints and does not
 * throw, so its harness counts any output on stdout or stderr as a failure (check_correctness in
 * codegeex/benchmark/execution.py of THUDM/CodeGeeX at 2838420b7b4492cf3d16bce5320e26e65960c9e2).
 */
export function outputFails(p: CodeProblem): boolean {
  return p.format === 'humaneval-x' && p.language === 'javascript';
}

/**
 * The imports HumanEval-X's harness puts before every Python program (IMPORT_HELPER["python"] in
 * codegeex/benchmark/utils.py at the same commit), less `numpy`: Pyodide's core has no numpy, and no canonical
 * solution of the set uses it. A completion that imports numpy fails here where the harness would run it.
 */
export const HUMANEVAL_X_PYTHON_IMPORTS = [
  'import math',
  'import re',
  'import sys',
  'import copy',
  'import datetime',
  'import itertools',
  'import collections',
  'import heapq',
  'import statistics',
  'import functools',
  'import hashlib',
  'import string',
  'from typing import *',
  'from collections import *',
].join('\n');

/** HumanEval-X's Python rule: the completion ends at its first non-empty line that is not indented. */
export function humanEvalXPythonBody(code: string): string {
  const kept: string[] = [];
  for (const line of code.split('\n')) {
    if (line.trim().length > 0 && line[0] !== ' ' && line[0] !== '\t') break;
    kept.push(line);
  }
  return kept.join('\n');
}

/** The prompt a generator continues: HumanEval's prompt, or MBPP's text with its first test as a hint. */
export function promptOf(p: CodeProblem): string {
  if (p.format !== 'mbpp') return p.prompt;
  return `"""\n${p.text}\n${p.testList[0] ?? ''}\n"""\n`;
}

/**
 * The Python program that checks `completion`: for HumanEval the prompt, the completion, the test code and
 * check(entry_point); for MBPP the completion, the setup code and the asserts. It ends normally only if all pass.
 */
export function programFor(p: CodeProblem, completion: string): string {
  if (p.format === 'humaneval') return `${p.prompt}${completion}\n\n${p.test}\n\ncheck(${p.entryPoint})\n`;
  // process_humaneval_test in codegeex/benchmark/humaneval-x/evaluate_humaneval_x.py (THUDM/CodeGeeX 2838420b).
  if (p.format === 'humaneval-x')
    return p.language === 'python'
      ? `${HUMANEVAL_X_PYTHON_IMPORTS}\n${p.prompt}${humanEvalXPythonBody(completion)}\n${p.test}\n`
      : `${p.prompt}${completion}\n${p.test}`;
  // cached_eval_script in evaluation/src/main.py of nuprl/MultiPL-E at 24e5d5df6144f7fb4ca0ad1a74b28cfa19439008.
  if (p.format === 'multipl-e') return `${p.prompt}${completion}\n${p.tests}`;
  return `${completion}\n\n${p.testSetupCode}\n${p.testList.join('\n')}\n`;
}

const HUMANEVAL_STOPS = ['\ndef ', '\nclass ', '\nif __name__', '\nprint(', '\n#', '\nassert '];
const MBPP_STOPS = ['\nif __name__', '\nprint(', '\nassert ', '\n"""'];

/**
 * The part of a generated continuation that is the answer: for HumanEval the function body, up to the first
 * top-level statement after it; for MBPP the code (helpers included), up to the first test, print or main block.
 */
export function completionFor(p: CodeProblem, generated: string): string {
  if (p.format === 'humaneval') return truncateAt(generated, HUMANEVAL_STOPS);
  if (p.format === 'humaneval-x') return p.language === 'python' ? humanEvalXPythonBody(generated) : jsFunctionRest(generated);
  // stop_at_stop_token in multipl_e/completions.py of nuprl/MultiPL-E at 0adb7a42f95996e4000c31dfb5e48cd4ac571762:
  // the continuation up to the earliest of the row's stop tokens (the prompt is not searched).
  if (p.format === 'multipl-e') return truncateAt(generated, p.stopTokens);
  return truncateAt(generated.replace(/^\s*\n/, ''), MBPP_STOPS);
}

/**
 * Strings at which generation of a completion may end: the answer is cut there anyway (completionFor), so stopping
 * early changes no score, only the time spent. MultiPL-E's are its row's; HumanEval-X's Python rule is line-based and
 * has none.
 */
export function stopStringsOf(p: CodeProblem): string[] {
  if (p.format === 'multipl-e') return [...p.stopTokens];
  if (p.format === 'humaneval') return [...HUMANEVAL_STOPS];
  if (p.format === 'mbpp') return [...MBPP_STOPS];
  return p.language === 'python' ? [] : ['\n}'];
}

function truncateAt(completion: string, stops: readonly string[]): string {
  let end = completion.length;
  for (const s of stops) {
    const i = completion.indexOf(s);
    if (i >= 0 && i < end) end = i;
  }
  return completion.slice(0, end);
}

/**
 * A JavaScript continuation of a prompt that opened a function: up to the first closing brace at the start of a line
 * (the function's own), else cut after the last brace as HumanEval-X's cleanup_code does for js.
 */
function jsFunctionRest(generated: string): string {
  const end = generated.search(/(^|\n)\}/);
  if (end >= 0) return generated.slice(0, generated.indexOf('}', end) + 1) + '\n';
  const last = generated.lastIndexOf('}');
  return last >= 0 ? generated.slice(0, last + 1) + '\n' : generated;
}

/** A body that does nothing, for the oracle's expected failure where a set has no wrong solutions. */
export function emptyBody(p: CodeProblem): string {
  if (languageOf(p) === 'lua') return 'end\n';
  if (braced(p)) return '}\n';
  return p.format === 'mbpp' ? '' : '    pass\n';
}

/** A body that never returns, for the oracle's expected timeout. */
export function loopingBody(p: CodeProblem): string {
  if (languageOf(p) === 'lua') return '  while true do end\nend\n';
  if (braced(p)) return '  while (true) {}\n}\n';
  return '    while True:\n        pass\n';
}
