// TierLab's five HumanEval-X JavaScript problems in MultiPL-E's layout (runs everywhere), in JavaScript and in
// TypeScript: the prompt, tests and stop tokens built as MultiPL-E's translators build them
// (dataset_builder/humaneval_to_js.py at 77a93ff45c7ce5e139491fb720f4d5e6c89b9417 and humaneval_to_ts.py at
// 0d31ef0d3c8c2e6468c5a83cdc51ab8e548d8180 of nuprl/MultiPL-E): a // comment, `function name(args) {`, and a test()
// that calls assert.deepEqual on the candidate. MultiPL-E itself has no solutions; these problems carry TierLab's own
// correct and wrong bodies for the oracle. The fixture builder publishes them on the local mirror as
// datasets/nuprl/MultiPL-E/humaneval-<js|ts>/test.json (solutions left out, as the Hub has none).
import type { CodeLanguage, MultiPLEProblem } from './code-problems.ts';

interface Fn {
  name: string;
  doc: string;
  /** Parameters with their TypeScript types, and the return type. */
  params: [string, string][];
  returns: string;
  /** Correct and wrong bodies in TypeScript (types that erasure must remove), closing brace included. */
  body: string;
  wrong: string;
  /** Arguments and the expected value of each test, as source. */
  cases: [string, string][];
}

const FUNCTIONS: Fn[] = [
  {
    name: 'countVowels',
    doc: 'Return how many vowels (a, e, i, o, u, either case) are in text.\n>>> countVowels("Edge")\n2',
    params: [['text', 'string']],
    returns: 'number',
    body: `  let n: number = 0;\n  for (const ch of text.toLowerCase()) {\n    if ('aeiou'.includes(ch)) n++;\n  }\n  return n;\n}\n`,
    wrong: `  let n: number = 0;\n  for (const ch of text) {\n    if ('aeiou'.includes(ch)) n++;\n  }\n  return n;\n}\n`,
    cases: [
      ['"Edge"', '2'],
      ['""', '0'],
      ['"rhythm"', '0'],
      ['"AEIOU aeiou"', '10'],
    ],
  },
  {
    name: 'runningMax',
    doc: 'Return the largest value seen so far at each position.\n>>> runningMax([1, 3, 2, 5])\n[1, 3, 3, 5]',
    params: [['values', 'number[]']],
    returns: 'number[]',
    body: `  const out: number[] = [];\n  let best = -Infinity;\n  for (const v of values) {\n    best = Math.max(best, v);\n    out.push(best);\n  }\n  return out;\n}\n`,
    wrong: `  const out: number[] = [];\n  let best = 0;\n  for (const v of values) {\n    best = Math.max(best, v);\n    out.push(best);\n  }\n  return out;\n}\n`,
    cases: [
      ['[1, 3, 2, 5]', '[1, 3, 3, 5]'],
      ['[]', '[]'],
      ['[-2, -5, -1]', '[-2, -2, -1]'],
    ],
  },
  {
    name: 'isBalanced',
    doc: 'True when every (, [ and { is closed in the right order; other characters are ignored.\n>>> isBalanced("f(a[1]) {x}")\ntrue',
    params: [['brackets', 'string']],
    returns: 'boolean',
    body: `  const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };\n  const stack: string[] = [];\n  for (const ch of brackets) {\n    if ('([{'.includes(ch)) stack.push(ch);\n    else if (ch in pairs) {\n      if (stack.length === 0 || stack.pop() !== pairs[ch]) return false;\n    }\n  }\n  return stack.length === 0;\n}\n`,
    wrong: `  const count = (c: string): number => brackets.split(c).length - 1;\n  return count('(') === count(')') && count('[') === count(']');\n}\n`,
    cases: [
      ['"f(a[1]) {x}"', 'true'],
      ['"(]"', 'false'],
      ['"(("', 'false'],
      ['""', 'true'],
      ['"([{}])"', 'true'],
      ['")("', 'false'],
    ],
  },
  {
    name: 'chunk',
    doc: 'Split items into consecutive lists of length size; the last may be shorter.\n>>> chunk([1, 2, 3, 4, 5], 2)\n[[1, 2], [3, 4], [5]]',
    params: [
      ['items', 'number[]'],
      ['size', 'number'],
    ],
    returns: 'number[][]',
    body: `  const out: number[][] = [];\n  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));\n  return out;\n}\n`,
    wrong: `  const out: number[][] = [];\n  for (let i = 0; i < items.length - size; i += size) out.push(items.slice(i, i + size));\n  return out;\n}\n`,
    cases: [
      ['[1, 2, 3, 4, 5], 2', '[[1, 2], [3, 4], [5]]'],
      ['[], 3', '[]'],
      ['[1, 2], 5', '[[1, 2]]'],
    ],
  },
  {
    name: 'medianLatency',
    doc: 'Median of a non-empty list of latencies (mean of the two middle values for an even count).\n>>> medianLatency([3.0, 1.0, 2.0])\n2.0',
    params: [['samples', 'number[]']],
    returns: 'number',
    body: `  const s = [...samples].sort((a: number, b: number) => a - b);\n  const mid = Math.floor(s.length / 2);\n  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;\n}\n`,
    wrong: `  return [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)] as number;\n}\n`,
    cases: [
      ['[3.0, 1.0, 2.0]', '2.0'],
      ['[4.0, 1.0, 3.0, 2.0]', '2.5'],
      ['[7.5]', '7.5'],
    ],
  },
];

/** MultiPL-E's stop tokens per language (each translator's `stop`, at the commits above). */
export const MULTIPLE_STOP_TOKENS: Readonly<Partial<Record<CodeLanguage, readonly string[]>>> = {
  javascript: ['\nfunction ', '\n/*', '\n//', '\nconsole.log'],
  typescript: ['\nfunction ', '\n/*', '\n//', '\nclass'],
  lua: ['\nlocal', '\nfunction', '\n--', '\n\n'],
};

/** TypeScript annotations removed from a body, for the JavaScript version of the same problem. */
const untyped = (body: string): string =>
  body
    .replace(/: Record<string, string>/g, '')
    .replace(/\): number =>/g, ') =>')
    .replace(/(\w): (number|string)(\[\])*/g, '$1')
    .replace(/ as number/g, '');

function problem(fn: Fn, i: number, language: 'javascript' | 'typescript'): MultiPLEProblem {
  const ts = language === 'typescript';
  const doc = '//' + fn.doc.trim().replace(/\n/g, '\n// ') + '\n';
  const args = fn.params.map(([name, type]) => (ts ? `${name}: ${type}` : name)).join(', ');
  const prompt = ts ? `${doc}function ${fn.name}(${args}): ${fn.returns} {\n` : `${doc}function ${fn.name}(${args}){\n`;
  const prefix = [
    `${ts ? 'declare var require: any;\n' : ''}const assert = require('node:assert');\n`,
    '',
    'function test() {',
    `  let candidate = ${fn.name};`,
  ];
  const asserts = fn.cases.map(([input, expected]) => `  assert.deepEqual(candidate(${input}),${expected});`);
  return {
    format: 'multipl-e',
    language,
    taskId: `HumanEval_${i}_${fn.name}`,
    prompt,
    tests: [...prefix, ...asserts, '}', '', 'test();', ''].join('\n'),
    stopTokens: [...(MULTIPLE_STOP_TOKENS[language] ?? [])],
    canonicalSolution: ts ? fn.body : untyped(fn.body),
    wrongSolution: ts ? fn.wrong : untyped(fn.wrong),
  };
}

/** The same five problems in Lua, as humaneval_to_lua.py (nuprl/MultiPL-E at 012a63a6) lays its problems out: a `-- `
 *  comment, `local function name(args)`, and luaunit tests that end in os.exit(lu.LuaUnit.run()). */
interface LuaFn {
  body: string;
  wrong: string;
  cases: [string, string][];
}

const LUA: Record<string, LuaFn> = {
  countVowels: {
    body: `  local n = 0\n  for ch in text:lower():gmatch('.') do\n    if ch:find('[aeiou]') then n = n + 1 end\n  end\n  return n\nend\n`,
    wrong: `  local n = 0\n  for ch in text:gmatch('.') do\n    if ch:find('[aeiou]') then n = n + 1 end\n  end\n  return n\nend\n`,
    cases: [
      ["'Edge'", '2'],
      ["''", '0'],
      ["'rhythm'", '0'],
      ["'AEIOU aeiou'", '10'],
    ],
  },
  runningMax: {
    body: `  local out, best = {}, -math.huge\n  for i, v in ipairs(values) do\n    best = math.max(best, v)\n    out[i] = best\n  end\n  return out\nend\n`,
    wrong: `  local out, best = {}, 0\n  for i, v in ipairs(values) do\n    best = math.max(best, v)\n    out[i] = best\n  end\n  return out\nend\n`,
    cases: [
      ['{1, 3, 2, 5}', '{1, 3, 3, 5}'],
      ['{}', '{}'],
      ['{-2, -5, -1}', '{-2, -2, -1}'],
    ],
  },
  isBalanced: {
    body: `  local closes = { [')'] = '(', [']'] = '[', ['}'] = '{' }\n  local stack = {}\n  for ch in brackets:gmatch('.') do\n    if ch == '(' or ch == '[' or ch == '{' then\n      stack[#stack + 1] = ch\n    elseif closes[ch] then\n      if #stack == 0 or table.remove(stack) ~= closes[ch] then return false end\n    end\n  end\n  return #stack == 0\nend\n`,
    wrong: `  local function count(c)\n    local _, n = brackets:gsub('%' .. c, '')\n    return n\n  end\n  return count('(') == count(')') and count('[') == count(']')\nend\n`,
    cases: [
      ["'f(a[1]) {x}'", 'true'],
      ["'(]'", 'false'],
      ["'(('", 'false'],
      ["''", 'true'],
      ["'([{}])'", 'true'],
      ["')('", 'false'],
    ],
  },
  chunk: {
    body: `  local out = {}\n  for i = 1, #items, size do\n    out[#out + 1] = { table.unpack(items, i, math.min(i + size - 1, #items)) }\n  end\n  return out\nend\n`,
    wrong: `  local out = {}\n  for i = 1, #items - size, size do\n    out[#out + 1] = { table.unpack(items, i, math.min(i + size - 1, #items)) }\n  end\n  return out\nend\n`,
    cases: [
      ['{1, 2, 3, 4, 5}, 2', '{{1, 2}, {3, 4}, {5}}'],
      ['{}, 3', '{}'],
      ['{1, 2}, 5', '{{1, 2}}'],
    ],
  },
  medianLatency: {
    body: `  local s = { table.unpack(samples) }\n  table.sort(s)\n  local mid = #s // 2\n  if #s % 2 == 1 then return s[mid + 1] end\n  return (s[mid] + s[mid + 1]) / 2\nend\n`,
    wrong: `  local s = { table.unpack(samples) }\n  table.sort(s)\n  return s[#s // 2 + 1]\nend\n`,
    cases: [
      ['{3.0, 1.0, 2.0}', '2.0'],
      ['{4.0, 1.0, 3.0, 2.0}', '2.5'],
      ['{7.5}', '7.5'],
    ],
  },
};

function luaProblem(fn: Fn, i: number): MultiPLEProblem {
  const lua = LUA[fn.name] as LuaFn;
  const doc = '-- ' + fn.doc.trim().replace(/\n/g, '\n-- ') + '\n';
  const tests = [
    "lu = require('luaunit')",
    '',
    'function test_humaneval()',
    `local candidate = ${fn.name}`,
    ...lua.cases.map(([input, expected]) => `    lu.assertEquals(candidate(${input}), ${expected})`),
    'end',
    '',
    'os.exit(lu.LuaUnit.run())',
    '',
  ].join('\n');
  return {
    format: 'multipl-e',
    language: 'lua',
    taskId: `HumanEval_${i}_${fn.name}`,
    prompt: `${doc}local function ${fn.name}(${fn.params.map(([name]) => name).join(', ')})\n`,
    tests,
    stopTokens: [...(MULTIPLE_STOP_TOKENS.lua ?? [])],
    canonicalSolution: lua.body,
    wrongSolution: lua.wrong,
  };
}

export const BUNDLED_MULTIPLE_LUA: readonly MultiPLEProblem[] = FUNCTIONS.map(luaProblem);

export const BUNDLED_MULTIPLE_TS: readonly MultiPLEProblem[] = FUNCTIONS.map((f, i) => problem(f, i, 'typescript'));
export const BUNDLED_MULTIPLE_JS: readonly MultiPLEProblem[] = FUNCTIONS.map((f, i) => problem(f, i, 'javascript'));
