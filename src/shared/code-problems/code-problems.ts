// Code-generation problems in the two common formats (runs everywhere): HumanEval (prompt, entry point, test code
// defining check(candidate)) and MBPP (text, test asserts); and the program the sandbox runs for one completion.

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

export type CodeProblem = HumanEvalProblem | MbppProblem;

/** The prompt a generator continues: HumanEval's prompt, or MBPP's text with its first test as a hint. */
export function promptOf(p: CodeProblem): string {
  if (p.format === 'humaneval') return p.prompt;
  return `"""\n${p.text}\n${p.testList[0] ?? ''}\n"""\n`;
}

/**
 * The Python program that checks `completion`: for HumanEval the prompt, the completion, the test code and
 * check(entry_point); for MBPP the completion, the setup code and the asserts. It ends normally only if all pass.
 */
export function programFor(p: CodeProblem, completion: string): string {
  if (p.format === 'humaneval') return `${p.prompt}${completion}\n\n${p.test}\n\ncheck(${p.entryPoint})\n`;
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
