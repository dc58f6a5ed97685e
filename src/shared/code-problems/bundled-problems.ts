// Code-generation problems written for TierLab in HumanEval and MBPP format (runs everywhere), each with a correct
// and a deliberately wrong solution, so the sandbox can be checked against an oracle before it scores a model.
import type { CodeProblem } from './code-problems.ts';

export const BUNDLED_PROBLEMS: readonly CodeProblem[] = [
  {
    format: 'humaneval',
    taskId: 'TierLab/0',
    prompt: `def count_vowels(text: str) -> int:\n    """Return how many vowels (a, e, i, o, u, either case) are in text.\n    >>> count_vowels("Edge")\n    2\n    """\n`,
    entryPoint: 'count_vowels',
    test: `def check(candidate):\n    assert candidate("Edge") == 2\n    assert candidate("") == 0\n    assert candidate("rhythm") == 0\n    assert candidate("AEIOU aeiou") == 10\n`,
    canonicalSolution: `    return sum(1 for ch in text.lower() if ch in "aeiou")\n`,
    wrongSolution: `    return sum(1 for ch in text if ch in "aeiou")\n`,
  },
  {
    format: 'humaneval',
    taskId: 'TierLab/1',
    prompt: `def running_max(values: list[int]) -> list[int]:\n    """Return the largest value seen so far at each position.\n    >>> running_max([1, 3, 2, 5])\n    [1, 3, 3, 5]\n    """\n`,
    entryPoint: 'running_max',
    test: `def check(candidate):\n    assert candidate([1, 3, 2, 5]) == [1, 3, 3, 5]\n    assert candidate([]) == []\n    assert candidate([-2, -5, -1]) == [-2, -2, -1]\n`,
    canonicalSolution: `    out, best = [], None\n    for v in values:\n        best = v if best is None or v > best else best\n        out.append(best)\n    return out\n`,
    wrongSolution: `    best = 0\n    out = []\n    for v in values:\n        best = max(best, v)\n        out.append(best)\n    return out\n`,
  },
  {
    format: 'humaneval',
    taskId: 'TierLab/2',
    prompt: `def is_balanced(brackets: str) -> bool:\n    """True when every (, [ and { is closed in the right order; other characters are ignored.\n    >>> is_balanced("f(a[1]) {x}")\n    True\n    """\n`,
    entryPoint: 'is_balanced',
    test: `def check(candidate):\n    assert candidate("f(a[1]) {x}") is True\n    assert candidate("(]") is False\n    assert candidate("((") is False\n    assert candidate("") is True\n    assert candidate("([{}])") is True\n    assert candidate(")(") is False\n`,
    canonicalSolution: `    pairs = {")": "(", "]": "[", "}": "{"}\n    stack = []\n    for ch in brackets:\n        if ch in "([{":\n            stack.append(ch)\n        elif ch in pairs:\n            if not stack or stack.pop() != pairs[ch]:\n                return False\n    return not stack\n`,
    wrongSolution: `    return brackets.count("(") == brackets.count(")") and brackets.count("[") == brackets.count("]")\n`,
  },
  {
    format: 'humaneval',
    taskId: 'TierLab/3',
    prompt: `def chunk(items: list, size: int) -> list[list]:\n    """Split items into consecutive lists of length size; the last may be shorter.\n    >>> chunk([1, 2, 3, 4, 5], 2)\n    [[1, 2], [3, 4], [5]]\n    """\n`,
    entryPoint: 'chunk',
    test: `def check(candidate):\n    assert candidate([1, 2, 3, 4, 5], 2) == [[1, 2], [3, 4], [5]]\n    assert candidate([], 3) == []\n    assert candidate([1, 2], 5) == [[1, 2]]\n`,
    canonicalSolution: `    return [items[i:i + size] for i in range(0, len(items), size)]\n`,
    wrongSolution: `    return [items[i:i + size] for i in range(0, len(items) - size, size)]\n`,
  },
  {
    format: 'humaneval',
    taskId: 'TierLab/4',
    prompt: `def median_latency(samples: list[float]) -> float:\n    """Median of a non-empty list of latencies (mean of the two middle values for an even count).\n    >>> median_latency([3.0, 1.0, 2.0])\n    2.0\n    """\n`,
    entryPoint: 'median_latency',
    test: `def check(candidate):\n    assert candidate([3.0, 1.0, 2.0]) == 2.0\n    assert candidate([4.0, 1.0, 3.0, 2.0]) == 2.5\n    assert candidate([7.5]) == 7.5\n`,
    canonicalSolution: `    s = sorted(samples)\n    n = len(s)\n    mid = n // 2\n    return s[mid] if n % 2 else (s[mid - 1] + s[mid]) / 2\n`,
    wrongSolution: `    return sorted(samples)[len(samples) // 2]\n`,
  },
  {
    format: 'mbpp',
    taskId: 'TierLab-MBPP/1',
    text: 'Write a function to return the n-th Fibonacci number, with fib(0) = 0 and fib(1) = 1.',
    testList: ['assert fib(0) == 0', 'assert fib(1) == 1', 'assert fib(10) == 55', 'assert fib(30) == 832040'],
    testSetupCode: '',
    canonicalSolution: `def fib(n):\n    a, b = 0, 1\n    for _ in range(n):\n        a, b = b, a + b\n    return a\n`,
    wrongSolution: `def fib(n):\n    a, b = 1, 1\n    for _ in range(n):\n        a, b = b, a + b\n    return a\n`,
  },
  {
    format: 'mbpp',
    taskId: 'TierLab-MBPP/2',
    text: 'Write a function to remove duplicate words from a sentence, keeping the first occurrence of each.',
    testList: [
      'assert dedupe_words("the edge the cloud") == "the edge cloud"',
      'assert dedupe_words("") == ""',
      'assert dedupe_words("a a a") == "a"',
    ],
    testSetupCode: '',
    canonicalSolution: `def dedupe_words(sentence):\n    seen = []\n    for w in sentence.split():\n        if w not in seen:\n            seen.append(w)\n    return " ".join(seen)\n`,
    wrongSolution: `def dedupe_words(sentence):\n    return " ".join(sorted(set(sentence.split())))\n`,
  },
  {
    format: 'mbpp',
    taskId: 'TierLab-MBPP/3',
    text: 'Write a function that returns the total size in bytes of a list of (name, size) pairs whose name ends with a given suffix.',
    testList: [
      'assert total_size(FILES, ".onnx") == 3072',
      'assert total_size(FILES, ".json") == 10',
      'assert total_size([], ".onnx") == 0',
    ],
    testSetupCode: 'FILES = [("model.onnx", 2048), ("config.json", 10), ("model_q4.onnx", 1024)]',
    canonicalSolution: `def total_size(files, suffix):\n    return sum(size for name, size in files if name.endswith(suffix))\n`,
    wrongSolution: `def total_size(files, suffix):\n    return sum(size for name, size in files if suffix in name[:-1])\n`,
  },
];

/** A body that never returns, for checking that the time limit ends a problem and the app stays responsive. */
export const LOOPING_SOLUTION = `    while True:\n        pass\n`;
