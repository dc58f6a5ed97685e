// Correlation and the linear latency model latency = fixed + perItem x batch (pure; runs everywhere).

interface CentredSums {
  n: number;
  mx: number;
  my: number;
  sxx: number;
  sxy: number;
  syy: number;
}

function centredSums(x: ArrayLike<number>, y: ArrayLike<number>): CentredSums {
  const n = x.length;
  if (n !== y.length) throw new Error(`x has ${n} values but y has ${y.length}`);
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i] as number;
    my += y[i] as number;
  }
  mx /= n;
  my /= n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (x[i] as number) - mx;
    const dy = (y[i] as number) - my;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  return { n, mx, my, sxx, sxy, syy };
}

/** Pearson's r; NaN when fewer than two pairs or either side is constant. */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const s = centredSums(x, y);
  if (s.n < 2 || s.sxx === 0 || s.syy === 0) return NaN;
  return s.sxy / Math.sqrt(s.sxx * s.syy);
}

/** Ranks starting at 1, ties sharing their average rank. */
export function ranks(values: ArrayLike<number>): number[] {
  const order = Array.from(values, (v, i) => ({ v, i })).sort((a, b) => a.v - b.v);
  const out = new Array<number>(order.length);
  for (let start = 0; start < order.length;) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]!.v === order[start]!.v) end++;
    const rank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) out[order[k]!.i] = rank;
    start = end + 1;
  }
  return out;
}

/** Spearman's rho: Pearson correlation of the ranks (ties averaged). */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number {
  return pearson(ranks(x), ranks(y));
}

export interface LinearFit {
  /** Intercept: latency a batch costs regardless of its size, in ms. */
  fixedMs: number;
  /** Slope: extra latency per item, in ms. */
  perItemMs: number;
  /** Coefficient of determination of the fit. */
  r2: number;
}

/** Ordinary least squares of y on x; NaN figures when x does not vary. */
export function linearFit(x: ArrayLike<number>, y: ArrayLike<number>): LinearFit {
  const s = centredSums(x, y);
  if (s.n < 2 || s.sxx === 0) return { fixedMs: NaN, perItemMs: NaN, r2: NaN };
  const slope = s.sxy / s.sxx;
  const ssRes = s.syy - slope * s.sxy;
  return { fixedMs: s.my - slope * s.mx, perItemMs: slope, r2: s.syy === 0 ? 1 : 1 - ssRes / s.syy };
}
