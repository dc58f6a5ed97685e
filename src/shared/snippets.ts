// Code snippets written for TierLab, used as realistic benchmark inputs and fixture evaluation text (runs everywhere).

/** Programming languages with bundled snippets. */
export const LANGUAGES = ['python', 'java', 'c', 'cpp', 'javascript'] as const;
export type Language = (typeof LANGUAGES)[number];

export interface CodeSnippet {
  id: string;
  language: Language;
  code: string;
}

const python: string[] = [
  `import csv
from collections import defaultdict


def load_scores(path):
    """Read a CSV of (student, course, score) rows into a nested dict."""
    scores = defaultdict(dict)
    with open(path, newline="") as handle:
        for row in csv.DictReader(handle):
            try:
                scores[row["student"]][row["course"]] = float(row["score"])
            except (KeyError, ValueError) as err:
                print(f"skipping bad row {row!r}: {err}")
    return scores


def average_by_course(scores):
    totals, counts = defaultdict(float), defaultdict(int)
    for courses in scores.values():
        for course, value in courses.items():
            totals[course] += value
            counts[course] += 1
    return {course: totals[course] / counts[course] for course in totals}


if __name__ == "__main__":
    table = load_scores("scores.csv")
    for course, mean in sorted(average_by_course(table).items()):
        print(f"{course:<20} {mean:6.2f}")
`,
  `class LRUCache:
    def __init__(self, capacity: int) -> None:
        if capacity <= 0:
            raise ValueError("capacity must be positive")
        self.capacity = capacity
        self._items: dict[str, object] = {}

    def get(self, key: str, default=None):
        if key not in self._items:
            return default
        value = self._items.pop(key)
        self._items[key] = value
        return value

    def put(self, key: str, value) -> None:
        if key in self._items:
            self._items.pop(key)
        elif len(self._items) >= self.capacity:
            oldest = next(iter(self._items))
            del self._items[oldest]
        self._items[key] = value

    def __len__(self) -> int:
        return len(self._items)
`,
  `def binary_search(items, target):
    lo, hi = 0, len(items) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        if items[mid] == target:
            return mid
        if items[mid] < target:
            lo = mid + 1
        else:
            hi = mid - 1
    return -1


def merge_sorted(left, right):
    merged, i, j = [], 0, 0
    while i < len(left) and j < len(right):
        if left[i] <= right[j]:
            merged.append(left[i])
            i += 1
        else:
            merged.append(right[j])
            j += 1
    merged.extend(left[i:])
    merged.extend(right[j:])
    return merged
`,
];

const java: string[] = [
  `package org.example.inventory;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

public class Inventory {
    private final Map<String, Integer> stock = new HashMap<>();

    public void add(String sku, int quantity) {
        if (quantity <= 0) {
            throw new IllegalArgumentException("quantity must be positive: " + quantity);
        }
        stock.merge(sku, quantity, Integer::sum);
    }

    public boolean remove(String sku, int quantity) {
        int current = stock.getOrDefault(sku, 0);
        if (current < quantity) {
            return false;
        }
        if (current == quantity) {
            stock.remove(sku);
        } else {
            stock.put(sku, current - quantity);
        }
        return true;
    }

    public Optional<Integer> quantityOf(String sku) {
        return Optional.ofNullable(stock.get(sku));
    }
}
`,
  `import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

public final class LogScanner {
    public static List<String> errors(Path file) throws IOException {
        List<String> found = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file)) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.contains("ERROR") || line.contains("FATAL")) {
                    found.add(number + ": " + line.trim());
                }
            }
        }
        return found;
    }

    public static void main(String[] args) throws IOException {
        for (String hit : errors(Path.of(args[0]))) {
            System.out.println(hit);
        }
    }
}
`,
  `public class Matrix {
    private final double[][] data;

    public Matrix(int rows, int cols) {
        data = new double[rows][cols];
    }

    public Matrix multiply(Matrix other) {
        int n = data.length, m = other.data[0].length, k = other.data.length;
        Matrix result = new Matrix(n, m);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                double sum = 0.0;
                for (int p = 0; p < k; p++) {
                    sum += data[i][p] * other.data[p][j];
                }
                result.data[i][j] = sum;
            }
        }
        return result;
    }
}
`,
];

const c: string[] = [
  `#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct node {
    char *key;
    int value;
    struct node *next;
} node_t;

static unsigned long hash(const char *s) {
    unsigned long h = 5381;
    int ch;
    while ((ch = *s++) != 0) {
        h = ((h << 5) + h) + (unsigned long)ch;
    }
    return h;
}

int table_put(node_t **buckets, size_t size, const char *key, int value) {
    size_t index = hash(key) % size;
    for (node_t *it = buckets[index]; it != NULL; it = it->next) {
        if (strcmp(it->key, key) == 0) {
            it->value = value;
            return 0;
        }
    }
    node_t *fresh = malloc(sizeof *fresh);
    if (fresh == NULL) {
        return -1;
    }
    fresh->key = strdup(key);
    fresh->value = value;
    fresh->next = buckets[index];
    buckets[index] = fresh;
    return 0;
}
`,
  `#include <stdint.h>
#include <stddef.h>

uint32_t crc32(const uint8_t *data, size_t length) {
    uint32_t crc = 0xFFFFFFFFu;
    for (size_t i = 0; i < length; i++) {
        crc ^= data[i];
        for (int bit = 0; bit < 8; bit++) {
            uint32_t mask = -(crc & 1u);
            crc = (crc >> 1) ^ (0xEDB88320u & mask);
        }
    }
    return ~crc;
}

void reverse_bytes(uint8_t *buffer, size_t length) {
    if (length < 2) {
        return;
    }
    for (size_t i = 0, j = length - 1; i < j; i++, j--) {
        uint8_t tmp = buffer[i];
        buffer[i] = buffer[j];
        buffer[j] = tmp;
    }
}
`,
  `#include <stdio.h>

int read_matrix(FILE *in, double *out, int rows, int cols) {
    for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols; c++) {
            if (fscanf(in, "%lf", &out[r * cols + c]) != 1) {
                fprintf(stderr, "bad value at row %d column %d\\n", r, c);
                return -1;
            }
        }
    }
    return 0;
}

double trace(const double *m, int n) {
    double sum = 0.0;
    for (int i = 0; i < n; i++) {
        sum += m[i * n + i];
    }
    return sum;
}
`,
];

const cpp: string[] = [
  `#include <algorithm>
#include <iostream>
#include <string>
#include <unordered_map>
#include <vector>

std::vector<std::pair<std::string, int>> topWords(const std::vector<std::string>& words, std::size_t k) {
    std::unordered_map<std::string, int> counts;
    for (const auto& word : words) {
        ++counts[word];
    }
    std::vector<std::pair<std::string, int>> ranked(counts.begin(), counts.end());
    std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    if (ranked.size() > k) {
        ranked.resize(k);
    }
    return ranked;
}

int main() {
    std::vector<std::string> words{"edge", "cloud", "edge", "mobile", "edge", "cloud"};
    for (const auto& [word, count] : topWords(words, 2)) {
        std::cout << word << ": " << count << '\\n';
    }
    return 0;
}
`,
  `#include <memory>
#include <mutex>
#include <queue>
#include <optional>

template <typename T>
class BlockingQueue {
public:
    void push(T value) {
        std::lock_guard<std::mutex> lock(mutex_);
        items_.push(std::move(value));
    }

    std::optional<T> tryPop() {
        std::lock_guard<std::mutex> lock(mutex_);
        if (items_.empty()) {
            return std::nullopt;
        }
        T front = std::move(items_.front());
        items_.pop();
        return front;
    }

    bool empty() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return items_.empty();
    }

private:
    mutable std::mutex mutex_;
    std::queue<T> items_;
};
`,
  `#include <cmath>
#include <stdexcept>
#include <vector>

class RunningStats {
public:
    void add(double x) {
        ++n_;
        double delta = x - mean_;
        mean_ += delta / static_cast<double>(n_);
        m2_ += delta * (x - mean_);
    }

    double mean() const { return mean_; }

    double stddev() const {
        if (n_ < 2) {
            throw std::logic_error("need at least two samples");
        }
        return std::sqrt(m2_ / static_cast<double>(n_ - 1));
    }

private:
    long n_ = 0;
    double mean_ = 0.0;
    double m2_ = 0.0;
};
`,
];

const javascript: string[] = [
  `export async function fetchWithRetry(url, options = {}, retries = 3) {
  let lastError;
  for (let attempt = 0; attempt <= retries; attempt++) {
    try {
      const response = await fetch(url, options);
      if (response.status >= 500) {
        throw new Error(\`server error \${response.status}\`);
      }
      return response;
    } catch (error) {
      lastError = error;
      const delay = 200 * 2 ** attempt;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
  throw lastError;
}

export function groupBy(items, keyOf) {
  const groups = new Map();
  for (const item of items) {
    const key = keyOf(item);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(item);
  }
  return groups;
}
`,
  `class EventEmitter {
  constructor() {
    this.listeners = new Map();
  }

  on(event, handler) {
    const handlers = this.listeners.get(event) ?? new Set();
    handlers.add(handler);
    this.listeners.set(event, handlers);
    return () => handlers.delete(handler);
  }

  emit(event, ...args) {
    const handlers = this.listeners.get(event);
    if (!handlers) return 0;
    for (const handler of handlers) {
      handler(...args);
    }
    return handlers.size;
  }
}

module.exports = { EventEmitter };
`,
  `function debounce(fn, wait) {
  let timer = null;
  return function debounced(...args) {
    clearTimeout(timer);
    timer = setTimeout(() => fn.apply(this, args), wait);
  };
}

const input = document.querySelector('#search');
const results = document.querySelector('#results');

input.addEventListener(
  'input',
  debounce(async (event) => {
    const query = event.target.value.trim();
    if (query.length < 2) {
      results.textContent = '';
      return;
    }
    const response = await fetch('/api/search?q=' + encodeURIComponent(query));
    const items = await response.json();
    results.innerHTML = items.map((item) => '<li>' + item.title + '</li>').join('');
  }, 250),
);
`,
];

const byLanguage: Record<Language, string[]> = { python, java, c, cpp, javascript };

/** Every bundled snippet, in a stable order (language, then index). */
export const SNIPPETS: readonly CodeSnippet[] = LANGUAGES.flatMap((language) =>
  byLanguage[language].map((code, i) => ({ id: `${language}-${i + 1}`, language, code })),
);

/** Snippets for one language, or all of them. */
export function snippetsFor(language: Language | 'mixed'): CodeSnippet[] {
  return SNIPPETS.filter((s) => language === 'mixed' || s.language === language);
}
