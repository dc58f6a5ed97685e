// TierLab's five HumanEval-format problems in HumanEval-X's layout (runs everywhere): a JavaScript config and a
// Python config, each row with the fields THUDM/humaneval-x has (task_id, prompt, declaration, canonical_solution,
// test, example_test), tests that call themselves as HumanEval-X's do (console.assert in JavaScript, so output is
// failure), and a wrong solution of TierLab's own for the oracle. The fixture builder publishes them on the local
// mirror as datasets/THUDM/humaneval-x/<js|python>/test.json.
import type { HumanEvalXProblem } from './code-problems.ts';
import { BUNDLED_PROBLEMS } from './bundled-problems.ts';

interface Pair {
  name: string;
  doc: string;
  params: string;
  body: string;
  wrong: string;
  asserts: string[];
  example: string[];
}

const JS: Pair[] = [
  {
    name: 'countVowels',
    doc: 'Return how many vowels (a, e, i, o, u, either case) are in text.\n  >>> countVowels("Edge")\n  2',
    params: 'text',
    body: `  let n = 0\n  for (const ch of text.toLowerCase()) {\n    if ('aeiou'.includes(ch)) n++\n  }\n  return n\n}\n`,
    wrong: `  let n = 0\n  for (const ch of text) {\n    if ('aeiou'.includes(ch)) n++\n  }\n  return n\n}\n`,
    asserts: [
      'countVowels("Edge") === 2',
      'countVowels("") === 0',
      'countVowels("rhythm") === 0',
      'countVowels("AEIOU aeiou") === 10',
    ],
    example: ['countVowels("Edge") === 2'],
  },
  {
    name: 'runningMax',
    doc: 'Return the largest value seen so far at each position.\n  >>> runningMax([1, 3, 2, 5])\n  [1, 3, 3, 5]',
    params: 'values',
    body: `  const out = []\n  let best = -Infinity\n  for (const v of values) {\n    best = Math.max(best, v)\n    out.push(best)\n  }\n  return out\n}\n`,
    wrong: `  const out = []\n  let best = 0\n  for (const v of values) {\n    best = Math.max(best, v)\n    out.push(best)\n  }\n  return out\n}\n`,
    asserts: [
      'JSON.stringify(runningMax([1, 3, 2, 5])) === JSON.stringify([1, 3, 3, 5])',
      'JSON.stringify(runningMax([])) === JSON.stringify([])',
      'JSON.stringify(runningMax([-2, -5, -1])) === JSON.stringify([-2, -2, -1])',
    ],
    example: ['JSON.stringify(runningMax([1, 3, 2, 5])) === JSON.stringify([1, 3, 3, 5])'],
  },
  {
    name: 'isBalanced',
    doc: 'True when every (, [ and { is closed in the right order; other characters are ignored.\n  >>> isBalanced("f(a[1]) {x}")\n  true',
    params: 'brackets',
    body: `  const pairs = { ')': '(', ']': '[', '}': '{' }\n  const stack = []\n  for (const ch of brackets) {\n    if ('([{'.includes(ch)) stack.push(ch)\n    else if (ch in pairs) {\n      if (stack.length === 0 || stack.pop() !== pairs[ch]) return false\n    }\n  }\n  return stack.length === 0\n}\n`,
    wrong: `  const count = (c) => brackets.split(c).length - 1\n  return count('(') === count(')') && count('[') === count(']')\n}\n`,
    asserts: [
      'isBalanced("f(a[1]) {x}") === true',
      'isBalanced("(]") === false',
      'isBalanced("((") === false',
      'isBalanced("") === true',
      'isBalanced("([{}])") === true',
      'isBalanced(")(") === false',
    ],
    example: ['isBalanced("f(a[1]) {x}") === true'],
  },
  {
    name: 'chunk',
    doc: 'Split items into consecutive lists of length size; the last may be shorter.\n  >>> chunk([1, 2, 3, 4, 5], 2)\n  [[1, 2], [3, 4], [5]]',
    params: 'items, size',
    body: `  const out = []\n  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))\n  return out\n}\n`,
    wrong: `  const out = []\n  for (let i = 0; i < items.length - size; i += size) out.push(items.slice(i, i + size))\n  return out\n}\n`,
    asserts: [
      'JSON.stringify(chunk([1, 2, 3, 4, 5], 2)) === JSON.stringify([[1, 2], [3, 4], [5]])',
      'JSON.stringify(chunk([], 3)) === JSON.stringify([])',
      'JSON.stringify(chunk([1, 2], 5)) === JSON.stringify([[1, 2]])',
    ],
    example: ['JSON.stringify(chunk([1, 2, 3, 4, 5], 2)) === JSON.stringify([[1, 2], [3, 4], [5]])'],
  },
  {
    name: 'medianLatency',
    doc: 'Median of a non-empty list of latencies (mean of the two middle values for an even count).\n  >>> medianLatency([3.0, 1.0, 2.0])\n  2.0',
    params: 'samples',
    body: `  const s = [...samples].sort((a, b) => a - b)\n  const mid = Math.floor(s.length / 2)\n  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2\n}\n`,
    wrong: `  return [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)]\n}\n`,
    asserts: [
      'medianLatency([3.0, 1.0, 2.0]) === 2.0',
      'medianLatency([4.0, 1.0, 3.0, 2.0]) === 2.5',
      'medianLatency([7.5]) === 7.5',
    ],
    example: ['medianLatency([3.0, 1.0, 2.0]) === 2.0'],
  },
];

const testOf = (name: string, asserts: string[]) => {
  const fn = `test${name[0]!.toUpperCase()}${name.slice(1)}`;
  return `const ${fn} = () => {\n${asserts.map((a) => `  console.assert(${a})`).join('\n')}\n}\n\n${fn}()\n`;
};

export const BUNDLED_HUMANEVAL_X_JS: readonly HumanEvalXProblem[] = JS.map((p, i) => {
  const declaration = `\nconst ${p.name} = (${p.params}) => {\n`;
  return {
    format: 'humaneval-x',
    language: 'javascript',
    taskId: `JavaScript/${i}`,
    prompt: `/* ${p.doc}\n  */${declaration}`,
    declaration,
    canonicalSolution: p.body,
    test: testOf(p.name, p.asserts),
    exampleTest: testOf(p.name, p.example),
    wrongSolution: p.wrong,
  };
});

/** The same problems in HumanEval-X's Python config: HumanEval's prompt, and a test that ends by calling check. */
export const BUNDLED_HUMANEVAL_X_PYTHON: readonly HumanEvalXProblem[] = BUNDLED_PROBLEMS.flatMap((p) =>
  p.format === 'humaneval'
    ? [
        {
          format: 'humaneval-x' as const,
          language: 'python' as const,
          taskId: p.taskId.replace('TierLab/', 'Python/'),
          prompt: p.prompt,
          declaration: p.prompt.split('\n')[0] + '\n',
          canonicalSolution: p.canonicalSolution,
          test: `\n\n${p.test}\ncheck(${p.entryPoint})\n`,
          exampleTest: '',
          ...(p.wrongSolution === undefined ? {} : { wrongSolution: p.wrongSolution }),
        },
      ]
    : [],
);
