// The unbiased pass@k estimator of Chen et al. (2021), "Evaluating Large Language Models Trained on Code" (pure).

/**
 * Probability that at least one of k samples drawn without replacement from n generated samples, c of them
 * correct, passes: 1 - C(n-c, k) / C(n, k), computed as the paper's numerically stable product.
 */
export function passAtK(n: number, c: number, k: number): number {
  if (!Number.isInteger(n) || !Number.isInteger(c) || !Number.isInteger(k) || n < 1 || c < 0 || c > n || k < 1)
    throw new Error(`pass@k needs integers n >= 1, 0 <= c <= n, k >= 1 (got n=${n}, c=${c}, k=${k})`);
  if (k > n) throw new Error(`pass@${k} needs at least ${k} samples per problem (got ${n})`);
  if (n - c < k) return 1;
  let notAll = 1;
  for (let i = n - c + 1; i <= n; i++) notAll *= 1 - k / i;
  return 1 - notAll;
}

/** Mean pass@k over problems, each given as [samples, correct]; null when some problem has fewer than k samples. */
export function meanPassAtK(problems: readonly (readonly [number, number])[], k: number): number | null {
  if (problems.length === 0 || problems.some(([n]) => n < k)) return null;
  return problems.reduce((a, [n, c]) => a + passAtK(n, c, k), 0) / problems.length;
}
