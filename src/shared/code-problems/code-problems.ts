// Code-generation problems in the common formats (runs everywhere): HumanEval (prompt, entry point, test code
// defining check(candidate)), MBPP (text, test asserts) and HumanEval-X (one config per language, tests that call
// themselves); and the program the sandbox runs for one completion, as each official harness builds it.

/** The languages TierLab can run a completion in (docs/code.md says which runtime runs each, and why not others). */
export const CODE_LANGUAGES = ['python', 'javascript'] as const;
export type CodeLanguage = (typeof CODE_LANGUAGES)[number];

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

export type CodeProblem = HumanEvalProblem | MbppProblem | HumanEvalXProblem;

export function languageOf(p: CodeProblem): CodeLanguage {
  return p.format === 'humaneval-x' ? p.language : 'python';
}

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
  if (p.format === 'humaneval' || p.format === 'humaneval-x') return p.prompt;
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
  return truncateAt(generated.replace(/^\s*\n/, ''), MBPP_STOPS);
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
  if (p.format === 'humaneval-x' && p.language === 'javascript') return '}\n';
  return p.format === 'mbpp' ? '' : '    pass\n';
}

/** A body that never returns, for the oracle's expected timeout. */
export function loopingBody(p: CodeProblem): string {
  if (p.format === 'humaneval-x' && p.language === 'javascript') return '  while (true) {}\n}\n';
  return '    while True:\n        pass\n';
}
