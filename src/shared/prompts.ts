// Code-completion prompts written for TierLab: the generation benchmark's inputs (runs everywhere).
// Each is a signature with its documentation, as a HumanEval-style task hands to a code model to complete.
import { LANGUAGES, type Language } from './snippets.ts';

export interface CodePrompt {
  id: string;
  language: Language;
  prompt: string;
}

const python = [
  `def merge_intervals(intervals: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Merge overlapping closed intervals and return them sorted by start.

    >>> merge_intervals([(1, 3), (2, 6), (8, 10)])
    [(1, 6), (8, 10)]
    """
`,
  `import re


def slugify(title: str, max_length: int = 60) -> str:
    """Lower-case the title, replace runs of non-alphanumerics with one hyphen,
    strip hyphens at both ends and cut the result to max_length characters."""
`,
  `def top_k_frequent(words: list[str], k: int) -> list[str]:
    """Return the k most frequent words, most frequent first; ties are broken
    alphabetically. Raise ValueError when k is negative."""
`,
];

const java = [
  `import java.util.*;

public final class Graphs {
    /**
     * Returns the vertices of a directed acyclic graph in topological order.
     * @param edges adjacency list: edges.get(v) holds the successors of v
     * @throws IllegalArgumentException if the graph has a cycle
     */
    public static List<Integer> topologicalOrder(Map<Integer, List<Integer>> edges) {
`,
  `public final class Strings {
    /** Returns true when s reads the same backwards, ignoring case and non-letters. */
    public static boolean isPalindrome(String s) {
`,
  `import java.util.concurrent.atomic.AtomicLong;

/** A token bucket that allows rate operations per second with bursts up to capacity. */
public final class RateLimiter {
    private final double rate;
    private final long capacity;
    private final AtomicLong tokens;

    public boolean tryAcquire() {
`,
];

const c = [
  `#include <stddef.h>

/* Reverse the bytes of buf in place; buf may be NULL when len is 0. */
void reverse_bytes(unsigned char *buf, size_t len) {
`,
  `#include <stdint.h>
#include <stddef.h>

/* Compute the CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320) of data. */
uint32_t crc32(const uint8_t *data, size_t len) {
`,
  `#include <stdlib.h>
#include <string.h>

/* Split line on sep into at most max fields; fields point into line, which is modified.
   Returns the number of fields found. */
size_t split_fields(char *line, char sep, char **fields, size_t max) {
`,
];

const cpp = [
  `#include <unordered_map>
#include <list>

// A least-recently-used cache with a fixed capacity.
template <typename K, typename V>
class LruCache {
 public:
  explicit LruCache(std::size_t capacity) : capacity_(capacity) {}

  // Returns a pointer to the value, or nullptr; marks the key as recently used.
  V* get(const K& key) {
`,
  `#include <vector>
#include <string>

// Returns the edit (Levenshtein) distance between a and b using O(min(|a|, |b|)) memory.
int edit_distance(const std::string& a, const std::string& b) {
`,
  `#include <vector>
#include <algorithm>

// Returns the length of the longest strictly increasing subsequence of v in O(n log n).
std::size_t longest_increasing_subsequence(const std::vector<int>& v) {
`,
];

const javascript = [
  `/**
 * Debounce fn: the returned function calls fn once, waitMs after the last call,
 * with the last call's arguments. It has a cancel() method.
 */
export function debounce(fn, waitMs) {
`,
  `/**
 * Parse a query string such as "?a=1&b=2&b=3" into an object; repeated keys become arrays.
 * @param {string} query
 * @returns {Record<string, string | string[]>}
 */
export function parseQuery(query) {
`,
  `/**
 * Deep-compare two JSON-like values: objects by keys, arrays by order, NaN equal to NaN.
 */
export function deepEqual(a, b) {
`,
];

const BY_LANGUAGE: Record<Language, string[]> = { python, java, c, cpp, javascript };

/** Every bundled prompt, grouped by language in LANGUAGES order. */
export const PROMPTS: readonly CodePrompt[] = LANGUAGES.flatMap((language) =>
  BY_LANGUAGE[language].map((prompt, i) => ({ id: `${language}-prompt-${i + 1}`, language, prompt })),
);

/** The prompts of one language, or all of them interleaved by language for 'mixed'. */
export function promptsFor(language: Language | 'mixed'): CodePrompt[] {
  if (language !== 'mixed') return PROMPTS.filter((p) => p.language === language);
  const per = LANGUAGES.map((l) => PROMPTS.filter((p) => p.language === l));
  const longest = Math.max(...per.map((p) => p.length));
  return Array.from({ length: longest }, (_, i) => per.flatMap((p) => (p[i] ? [p[i]] : []))).flat();
}
