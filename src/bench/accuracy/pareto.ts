// Pareto fronts (pure; runs everywhere): which candidates no other candidate beats on every objective at once.

export interface Objective<T> {
  value: (item: T) => number;
  better: 'max' | 'min';
}

/** True when `a` is at least as good as `b` on every objective and strictly better on one. */
export function dominates<T>(a: T, b: T, objectives: readonly Objective<T>[]): boolean {
  let strictly = false;
  for (const o of objectives) {
    const x = o.value(a);
    const y = o.value(b);
    const gain = o.better === 'max' ? x - y : y - x;
    if (gain < 0) return false;
    if (gain > 0) strictly = true;
  }
  return strictly;
}

/** Indices of the items no other item dominates, in input order. Equal items are all on the front. */
export function paretoFront<T>(items: readonly T[], objectives: readonly Objective<T>[]): number[] {
  return items.flatMap((item, i) => (items.some((other, j) => j !== i && dominates(other, item, objectives)) ? [] : [i]));
}
