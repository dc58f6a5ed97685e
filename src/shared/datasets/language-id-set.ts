// A labelled evaluation set written for TierLab (runs everywhere): short code samples and their programming language,
// none taken from the benchmark snippets the fixture classifiers were fitted on. Some are meant to be hard (C that is
// also valid C++, JavaScript that looks like Java).
import type { LabelledSample } from './labelled-sample.ts';

const py = (id: string, text: string): LabelledSample => ({ id: `py-${id}`, text, label: 'python', language: 'python' });
const java = (id: string, text: string): LabelledSample => ({ id: `java-${id}`, text, label: 'java', language: 'java' });
const c = (id: string, text: string): LabelledSample => ({ id: `c-${id}`, text, label: 'c', language: 'c' });
const cpp = (id: string, text: string): LabelledSample => ({ id: `cpp-${id}`, text, label: 'cpp', language: 'cpp' });
const js = (id: string, text: string): LabelledSample => ({
  id: `js-${id}`,
  text,
  label: 'javascript',
  language: 'javascript',
});

export const LANGUAGE_ID_SET: readonly LabelledSample[] = [
  py(
    'slug',
    `import re\n\ndef slugify(title):\n    words = re.findall(r"[a-z0-9]+", title.lower())\n    return "-".join(words)\n`,
  ),
  py(
    'stack',
    `class Stack:\n    def __init__(self):\n        self._items = []\n\n    def push(self, item):\n        self._items.append(item)\n\n    def pop(self):\n        return self._items.pop()\n`,
  ),
  py(
    'counts',
    `from collections import Counter\n\nwith open("words.txt") as f:\n    counts = Counter(line.strip() for line in f)\nfor word, n in counts.most_common(5):\n    print(word, n)\n`,
  ),
  py(
    'retry',
    `import time\n\ndef retry(fn, attempts=3, delay=0.5):\n    for i in range(attempts):\n        try:\n            return fn()\n        except OSError:\n            time.sleep(delay * 2 ** i)\n    raise RuntimeError("gave up")\n`,
  ),
  py(
    'dataclass',
    `from dataclasses import dataclass, field\n\n@dataclass\nclass Order:\n    id: int\n    items: list[str] = field(default_factory=list)\n\n    def total(self, prices: dict[str, float]) -> float:\n        return sum(prices[i] for i in self.items)\n`,
  ),
  py(
    'async',
    `import asyncio\n\nasync def fetch_all(urls, get):\n    tasks = [asyncio.create_task(get(u)) for u in urls]\n    return await asyncio.gather(*tasks, return_exceptions=True)\n`,
  ),
  py(
    'comprehension',
    `matrix = [[1, 2, 3], [4, 5, 6]]\ntransposed = [[row[i] for row in matrix] for i in range(3)]\nassert transposed[0] == [1, 4]\n`,
  ),
  py(
    'argparse',
    `import argparse\n\nparser = argparse.ArgumentParser(description="resize images")\nparser.add_argument("paths", nargs="+")\nparser.add_argument("--width", type=int, default=640)\nargs = parser.parse_args()\n`,
  ),

  java(
    'point',
    `public record Point(double x, double y) {\n    public double distanceTo(Point other) {\n        return Math.hypot(x - other.x, y - other.y);\n    }\n}\n`,
  ),
  java(
    'stream',
    `import java.util.List;\nimport java.util.stream.Collectors;\n\nclass Names {\n    static String joined(List<String> names) {\n        return names.stream().filter(n -> !n.isBlank()).sorted().collect(Collectors.joining(", "));\n    }\n}\n`,
  ),
  java(
    'counter',
    `import java.util.HashMap;\nimport java.util.Map;\n\npublic class WordCounter {\n    private final Map<String, Integer> counts = new HashMap<>();\n\n    public void add(String word) {\n        counts.merge(word, 1, Integer::sum);\n    }\n}\n`,
  ),
  java(
    'exception',
    `public class InsufficientFundsException extends Exception {\n    public InsufficientFundsException(long missing) {\n        super("missing " + missing + " cents");\n    }\n}\n`,
  ),
  java(
    'thread',
    `ExecutorService pool = Executors.newFixedThreadPool(4);\nFuture<Integer> answer = pool.submit(() -> 6 * 7);\nSystem.out.println(answer.get());\npool.shutdown();\n`,
  ),
  java(
    'interface',
    `public interface Shape {\n    double area();\n\n    default String describe() {\n        return getClass().getSimpleName() + " of area " + area();\n    }\n}\n`,
  ),
  java(
    'main',
    `public class Main {\n    public static void main(String[] args) {\n        int sum = 0;\n        for (int i = 1; i <= 100; i++) sum += i;\n        System.out.println("sum = " + sum);\n    }\n}\n`,
  ),
  java(
    'optional',
    `Optional<User> user = repository.findById(id);\nString name = user.map(User::getName).orElse("anonymous");\n`,
  ),

  c(
    'strlen',
    `#include <stddef.h>\n\nsize_t my_strlen(const char *s) {\n    const char *p = s;\n    while (*p) p++;\n    return (size_t)(p - s);\n}\n`,
  ),
  c(
    'list',
    `struct node {\n    int value;\n    struct node *next;\n};\n\nstruct node *push(struct node *head, int value) {\n    struct node *n = malloc(sizeof *n);\n    n->value = value;\n    n->next = head;\n    return n;\n}\n`,
  ),
  c(
    'file',
    `#include <stdio.h>\n\nint main(void) {\n    FILE *f = fopen("data.txt", "r");\n    if (!f) { perror("fopen"); return 1; }\n    int ch, lines = 0;\n    while ((ch = fgetc(f)) != EOF) if (ch == '\\n') lines++;\n    printf("%d\\n", lines);\n    fclose(f);\n    return 0;\n}\n`,
  ),
  c('swap', `void swap(int *a, int *b) {\n    int t = *a;\n    *a = *b;\n    *b = t;\n}\n`),
  c(
    'macro',
    `#define MAX(a, b) ((a) > (b) ? (a) : (b))\n#define ARRAY_LEN(x) (sizeof(x) / sizeof((x)[0]))\n\nstatic int largest(const int *v, size_t n) {\n    int m = v[0];\n    for (size_t i = 1; i < n; i++) m = MAX(m, v[i]);\n    return m;\n}\n`,
  ),
  c(
    'bits',
    `unsigned popcount(unsigned x) {\n    unsigned n = 0;\n    while (x) {\n        x &= x - 1;\n        n++;\n    }\n    return n;\n}\n`,
  ),
  c(
    'qsort',
    `static int cmp_int(const void *a, const void *b) {\n    int x = *(const int *)a, y = *(const int *)b;\n    return (x > y) - (x < y);\n}\n\nqsort(values, count, sizeof(int), cmp_int);\n`,
  ),
  c(
    'buffer',
    `char *buf = calloc(len + 1, 1);\nif (buf == NULL) {\n    fprintf(stderr, "out of memory\\n");\n    exit(EXIT_FAILURE);\n}\nmemcpy(buf, src, len);\n`,
  ),

  cpp(
    'vector',
    `#include <vector>\n#include <algorithm>\n\nstd::vector<int> sorted_copy(std::vector<int> v) {\n    std::sort(v.begin(), v.end());\n    return v;\n}\n`,
  ),
  cpp(
    'class',
    `class Account {\npublic:\n    explicit Account(long cents) : balance_(cents) {}\n    void deposit(long cents) { balance_ += cents; }\n    long balance() const { return balance_; }\nprivate:\n    long balance_;\n};\n`,
  ),
  cpp('unique', `auto widget = std::make_unique<Widget>("gauge");\nwidgets.push_back(std::move(widget));\n`),
  cpp(
    'template',
    `template <typename T>\nT clamp_to(T value, T lo, T hi) {\n    return value < lo ? lo : (hi < value ? hi : value);\n}\n`,
  ),
  cpp(
    'map',
    `#include <map>\n#include <string>\n#include <iostream>\n\nint main() {\n    std::map<std::string, int> ages{{"ada", 36}, {"alan", 41}};\n    for (const auto& [name, age] : ages) std::cout << name << ": " << age << '\\n';\n}\n`,
  ),
  cpp('lambda', `std::for_each(points.begin(), points.end(), [&](Point& p) {\n    p.x *= scale;\n    p.y *= scale;\n});\n`),
  cpp(
    'namespace',
    `namespace geometry {\nstruct Rect {\n    double w, h;\n    double area() const noexcept { return w * h; }\n};\n}  // namespace geometry\n`,
  ),
  cpp(
    'c-like',
    `int gcd(int a, int b) {\n    while (b != 0) {\n        int t = a % b;\n        a = b;\n        b = t;\n    }\n    return a;\n}\n`,
  ),

  js(
    'fetch',
    `async function loadUser(id) {\n  const res = await fetch(\`/api/users/\${id}\`);\n  if (!res.ok) throw new Error(\`user \${id}: \${res.status}\`);\n  return res.json();\n}\n`,
  ),
  js(
    'debounce',
    `function debounce(fn, ms) {\n  let timer;\n  return (...args) => {\n    clearTimeout(timer);\n    timer = setTimeout(() => fn(...args), ms);\n  };\n}\n`,
  ),
  js(
    'dom',
    `document.querySelectorAll('button.copy').forEach((button) => {\n  button.addEventListener('click', () => navigator.clipboard.writeText(button.dataset.text));\n});\n`,
  ),
  js(
    'class',
    `class Queue {\n  #items = [];\n  enqueue(item) { this.#items.push(item); }\n  dequeue() { return this.#items.shift(); }\n  get size() { return this.#items.length; }\n}\n`,
  ),
  js(
    'reduce',
    `const totals = orders.reduce((acc, { customer, amount }) => {\n  acc[customer] = (acc[customer] ?? 0) + amount;\n  return acc;\n}, {});\n`,
  ),
  js(
    'node',
    `const fs = require('fs');\nconst path = require('path');\n\nfor (const name of fs.readdirSync(__dirname)) {\n  if (path.extname(name) === '.json') console.log(name);\n}\n`,
  ),
  js(
    'module',
    `export const sum = (xs) => xs.reduce((a, b) => a + b, 0);\nexport const mean = (xs) => (xs.length ? sum(xs) / xs.length : NaN);\n`,
  ),
  js(
    'promise',
    `new Promise((resolve) => setTimeout(resolve, 100))\n  .then(() => console.log('done'))\n  .catch((err) => console.error(err));\n`,
  ),
];
